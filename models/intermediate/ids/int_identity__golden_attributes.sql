-- The golden record: one row per customer, one column per attribute (typed as in
-- int_identity__record_attributes) with the source and update time of the surviving value.
-- Survivorship: the most trusted source for the attribute wins (seed source_priority: the
-- attribute's own row, else the source's '*' row, else 999), then the freshest value, then
-- the smallest record key; placeholders never survive.
--
-- In two group-bys with fixed-size state, so memory stays flat at any size: each record's
-- place in the order is one integer per attribute (priority, then the record's recency rank
-- within its customer), the minimum of each per customer names the survivor, and a second
-- pass reads the survivors' values. (One arg_min per attribute over a sort key ran out of
-- the machine's 24 GiB at 10 M records: its states hold values and keys of any size.)
{%- set attributes = idstitch.identity_attributes() %}

with

record_attributes as not materialized (
    select * from {{ ref('int_identity__record_attributes') }}
),

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

source_priority as (
    select * from {{ ref('source_priority') }}
),

-- one row per source in the seed: each attribute's priority
priorities as (
    select
        source_priority.source
        {%- for attribute in attributes %},
        coalesce(
            min(case when source_priority.attribute = '{{ attribute }}' then source_priority.priority end),
            min(case when source_priority.attribute = '*' then source_priority.priority end)
        ) as {{ attribute }}_priority
        {%- endfor %}
    from source_priority
    group by 1
),

-- every record of a customer, ranked by recency within it (freshest first, then record
-- key): the window sorts keys and times only, the attributes join it afterwards
recency as (
    select
        assignments.customer_id,
        assignments.record_key,
        row_number() over (
            partition by assignments.customer_id
            order by record_attributes.updated_at desc nulls last, record_attributes.record_key asc
        ) as recency_rank
    from assignments
    inner join record_attributes
        on assignments.record_key = record_attributes.record_key
),

-- each record's survivorship key per attribute: priority, then recency rank (lower wins);
-- NULL where the record holds no evidence for the attribute
keyed as (
    select
        recency.customer_id,
        recency.recency_rank,
        record_attributes.*
        {%- for attribute in attributes %},
        case
            when {{ idstitch.attribute_evidence('record_attributes', attribute) }} is not null
                then cast(coalesce(priorities.{{ attribute }}_priority, 999) as {{ dbt.type_bigint() }}) * 4294967296 + recency.recency_rank
        end as {{ attribute }}_key
        {%- endfor %}
    from recency
    inner join record_attributes
        on recency.record_key = record_attributes.record_key
    left join priorities
        on record_attributes.source = priorities.source
),

survivors as (
    select
        keyed.customer_id
        {%- for attribute in attributes %},
        min(keyed.{{ attribute }}_key) as {{ attribute }}_key
        {%- endfor %}
    from keyed
    group by 1
),

final as (
    select
        survivors.customer_id
        {%- for attribute in attributes %}
        {%- set won = 'keyed.' ~ attribute ~ '_key = survivors.' ~ attribute ~ '_key' %},
        max(case when {{ won }} then keyed.{{ attribute }} end) as {{ attribute }},
        max(case when {{ won }} then keyed.source end) as {{ attribute }}_source,
        max(case when {{ won }} then keyed.updated_at end) as {{ attribute }}_updated_at
        {%- endfor %}
    -- only the records that win an attribute (a customer none of whose records holds
    -- evidence for any attribute keeps its row, every attribute NULL)
    from survivors
    left join keyed
        on
            survivors.customer_id = keyed.customer_id
            and (
                {%- for attribute in attributes %}
                {% if not loop.first %}or {% endif %}keyed.{{ attribute }}_key = survivors.{{ attribute }}_key
                {%- endfor %}
            )
    group by 1
)

select * from final
