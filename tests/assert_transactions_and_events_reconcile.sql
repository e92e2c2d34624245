-- Nothing is lost on the way to the marts: every row of every staging model configured in
-- idstitch__transaction_sources / idstitch__event_sources (the demo: orders, POS sales, app
-- events, loyalty events, tickets) is in transactions or events, with a customer whenever its
-- identity record is assigned (activity of a record deleted upstream stays, marked so), or
-- quarantined (int_identity__quarantined_records: no usable activity id, or a duplicate's
-- extra copy).
{%- set expected = [] %}
{%- for mart in ['transactions', 'events'] %}
    {%- for entry in idstitch.activity_sources(mart) %}
        {%- do expected.append((mart, entry.model)) %}
    {%- endfor %}
{%- endfor %}

with

-- a zero row per mart, so a mart without configured sources must be empty too
expected as (
    {%- for mart in ['transactions', 'events'] %}
    select
        '{{ mart }}' as mart,
        0 as expected_rows
    union all
    {%- endfor %}
    {%- for mart, model in expected %}
    select
        '{{ mart }}' as mart,
        count(*) as expected_rows
    from {{ ref(model) }}
    union all
    select
        '{{ mart }}' as mart,
        -count(*) as expected_rows
    from {{ ref('int_identity__quarantined_records') }}
    where staging_model = '{{ model }}' and reason in ('missing_activity_id', 'duplicate_activity_id')
    union all
    {%- endfor %}
    select
        'none' as mart,
        0 as expected_rows
),

expected_totals as (
    select
        expected.mart,
        sum(expected.expected_rows) as expected_rows
    from expected
    group by 1
),

actual as (
    {%- for mart in ['transactions', 'events'] %}
    select
        '{{ mart }}' as mart,
        count(*) as actual_rows,
        sum(case when identity_status = 'assigned' and customer_id is null then 1 else 0 end) as orphans
    from {{ ref(mart) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    expected_totals.mart,
    expected_totals.expected_rows,
    actual.actual_rows,
    actual.orphans
from expected_totals
inner join actual on expected_totals.mart = actual.mart
where expected_totals.expected_rows <> actual.actual_rows or actual.orphans > 0
