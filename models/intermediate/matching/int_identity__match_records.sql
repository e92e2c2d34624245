-- One row per record with the columns probabilistic matching compares and blocks on
-- (var idstitch__match_comparisons, idstitch__blocking_rules): golden-record attributes,
-- already normalized by staging, plus first_name_key (first name, nicknames resolved) and
-- generation_suffix from int_identity__records. Placeholders and rejected identifier values
-- are NULL here, records left with nothing to compare are not here at all, and records
-- holding a junk identifier value are here with trains_parameters false: u
-- probabilities, term frequencies, the prior and m all learn from this table's training
-- records only, so junk never trains the model. A value two people of one first name hold
-- (the key path split it by birth date or generation suffix) is NULL here too: it cannot
-- say which of them a third record is.
{%- set columns = idstitch.match_columns() %}
{%- set record_columns = ['first_name_key', 'generation_suffix'] %}
{#- matched attributes that are also identifier types (email, phone): their no-evidence values
    (rejected, contested) are NULL here -#}
{%- set identifier_columns = [] %}
{%- for column in columns if column in var('idstitch__identifier_types') and column not in record_columns %}{% do identifier_columns.append(column) %}{% endfor %}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
),

rejected_values as (
    select * from {{ ref('int_identity__rejected_values') }}
),

identifiers as not materialized (
    select * from {{ ref('int_identity__identifiers') }}
),

key_clusters as not materialized (
    select * from {{ ref('int_identity__key_clusters') }}
),

identifier_types as (
    {{ idstitch.identifier_types_values() }}
),

-- values two people of one first name hold: records with one first name hold the value yet
-- sit in different key clusters, so the key path split it (by birth date or generation
-- suffix: father and son on one inbox or landline) and linked a record without a birth
-- date to neither. Scored, that value would link such a record to one of them (email
-- exact beside a full name), or to both, chaining father and son into one customer
contested_values as (
    select distinct
        named_holders.identifier_type,
        named_holders.token
    from (
        select
            identifiers.identifier_type,
            identifiers.token,
            identifiers.first_name_key
        from identifiers
        inner join key_clusters
            on identifiers.record_key = key_clusters.record_key
        inner join identifier_types
            on identifiers.identifier_type = identifier_types.identifier_type
        where
            identifiers.first_name_key is not null
            and identifier_types.confidence >= {{ var('idstitch__min_edge_confidence') }}
        group by 1, 2, 3
        having count(distinct key_clusters.key_cluster_key) > 1
    ) as named_holders
),

-- values that are no evidence: those kept out of the graph (int_identity__rejected_values),
-- with their reason, and contested ones; per record holding them
no_evidence_values as (
    select
        rejected_values.identifier_type,
        rejected_values.token,
        rejected_values.reason
    from rejected_values
    union all
    select
        contested_values.identifier_type,
        contested_values.token,
        'contested' as reason
    from contested_values
),

no_evidence_occurrences as (
    select distinct
        identifiers.record_key,
        identifiers.identifier_type,
        no_evidence_values.reason
    from identifiers
    inner join no_evidence_values
        on
            identifiers.identifier_type = no_evidence_values.identifier_type
            and identifiers.token = no_evidence_values.token
),

-- a record holding a junk identifier value (blocklisted, a placeholder, or held by too many
-- records: a bulk import of test sign-ups on one inbox and one phone) is a placeholder
-- record: it is still scored, but trains no parameter (u sample, term frequencies, prior,
-- m); a value shared by too many first names (a family email) is no sign of junk
junk_holders as (
    select distinct no_evidence_occurrences.record_key
    from no_evidence_occurrences
    where no_evidence_occurrences.reason in ('blocklist', 'placeholder', 'too_many_records')
),

-- such values are no evidence for scoring (the attribute of the same name, e.g. email,
-- phone): one shared inbox on thousands of records would otherwise teach u(email exact)
-- that emails agree by chance, nor can a contested value tell its holders apart. One row per
-- record holding any: a flag per such attribute
no_evidence_attributes as (
    select
        no_evidence_occurrences.record_key
        {%- for column in identifier_columns %},
        max(case when no_evidence_occurrences.identifier_type = '{{ column }}' then 1 end) as {{ column }}_no_evidence
        {%- endfor %}
    from no_evidence_occurrences
    group by 1
),

-- the attributes matching reads, as text, placeholders and no-evidence values NULL
wide as (
    select
        record_attributes.record_key
        {%- for column in columns if column not in record_columns %},
        {%- set value = 'cast(' ~ idstitch.attribute_evidence('record_attributes', column) ~ ' as ' ~ dbt.type_string() ~ ')' %}
        {%- if column in identifier_columns %}
        case when no_evidence_attributes.{{ column }}_no_evidence is null then {{ value }} end as {{ column }}
        {%- else %}
        {{ value }} as {{ column }}
        {%- endif %}
        {%- endfor %}
    from record_attributes
    left join no_evidence_attributes
        on record_attributes.record_key = no_evidence_attributes.record_key
),

final as (
    select
        records.record_key,
        records.source,
        key_clusters.key_cluster_key
        {%- for column in columns %},
        {% if column in record_columns %}records.{{ column }}{% else %}wide.{{ column }}{% endif %}
        {%- endfor %},
        junk_holders.record_key is null as trains_parameters
    from records
    inner join key_clusters
        on records.record_key = key_clusters.record_key
    left join wide
        on records.record_key = wide.record_key
    left join junk_holders
        on records.record_key = junk_holders.record_key
    where not (
        {%- for column in columns %}
        {% if column in record_columns %}records.{{ column }}{% else %}wide.{{ column }}{% endif %} is null{% if not loop.last %} and{% endif %}
        {%- endfor %}
    )
)

select * from final
