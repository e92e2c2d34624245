-- One row per record with the columns probabilistic matching compares and blocks on
-- (var idstitch__match_comparisons, idstitch__blocking_rules): golden-record attributes,
-- already normalized by staging, plus first_name_key (first name, nicknames resolved) and
-- generation_suffix from int_identity__records.
{%- set columns = idstitch.match_columns() %}
{%- set record_columns = ['first_name_key', 'generation_suffix'] %}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
    where placeholder_reason is null
),

key_clusters as (
    select * from {{ ref('int_identity__key_clusters') }}
),

-- attributes are long (one row per record and attribute): one column per matched attribute
wide as (
    select
        record_attributes.record_key
        {%- for column in columns if column not in record_columns %},
        max(case when record_attributes.attribute = '{{ column }}' then record_attributes.attribute_value end) as {{ column }}
        {%- endfor %}
    from record_attributes
    group by 1
),

final as (
    select
        records.record_key,
        records.source,
        key_clusters.key_cluster_key
        {%- for column in columns %},
        {% if column in record_columns %}records.{{ column }}{% else %}wide.{{ column }}{% endif %}
        {%- endfor %}
    from records
    inner join key_clusters
        on records.record_key = key_clusters.record_key
    left join wide
        on records.record_key = wide.record_key
)

select * from final
