-- Nothing is lost on the way to the marts: every staged order, POS sale, app event,
-- loyalty event and ticket is in transactions or events, with a customer whenever its
-- identity record is assigned (activity of a record deleted upstream stays, marked so).
{%- set expected = [
    ('transactions', 'stg_ecommerce__orders'),
    ('transactions', 'stg_pos__transactions'),
    ('events', 'stg_mobile_app__events'),
    ('events', 'stg_loyalty__events'),
    ('events', 'stg_callcenter__tickets'),
] %}

with

expected as (
    {%- for mart, model in expected %}
    select
        '{{ mart }}' as mart,
        count(*) as expected_rows
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
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
