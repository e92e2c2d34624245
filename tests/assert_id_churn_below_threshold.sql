-- Warns when more than var idstitch__max_id_churn_share of the previous run's customer ids
-- disappear in this run (merged or retired): a sign of a bad source load or a loosened rule.
{{ config(severity='warn') }}

with

previous_ids as (
    select distinct customer_id from {{ ref('int_identity__previous_assignments') }}
    where is_current
),

current_ids as (
    select distinct customer_id from {{ ref('int_identity__customer_assignments') }}
),

churn as (
    select
        count(*) as previous_customers,
        sum(case when current_ids.customer_id is null then 1 else 0 end) as lost_customers
    from previous_ids
    left join current_ids
        on previous_ids.customer_id = current_ids.customer_id
)

select * from churn
where lost_customers > previous_customers * {{ var('idstitch__max_id_churn_share') }}
