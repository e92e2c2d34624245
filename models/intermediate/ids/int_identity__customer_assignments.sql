-- Record -> customer id, stable across runs; the one model that decides ids. The rules:
--   1. every id of the previous run goes to the new cluster holding most of its own members
--      (records not merged into it from another id), then most of its members: an unchanged
--      cluster keeps its id, and in a split the part with most of the old members keeps it.
--      Records that had left the sources claim the id they last had, after the records that
--      still hold it: a customer whose records come back gets its id back ('restored');
--   2. a cluster awarded several ids is a merge: it keeps the oldest customer's id (earliest
--      customer_since: the first record of the customer; an id the last run assigned before
--      one only returning records claim), the others are merged into it;
--   3. a cluster left without an id takes back the id its records had before they were
--      merged (origin_customer_id), if no other cluster holds it: undoing a merge restores
--      both customers;
--   4. any other cluster is a new customer: 'cus_' + md5 of its oldest record key (if an
--      earlier run used that id, md5 of the oldest record key and all member keys: ids
--      depend on the records only, so a rerun or a retry after a killed run mints the same).
-- Each id goes to at most one cluster. identity_changes reports what happened, from these
-- decisions (merged_customer_id: the previous id this run merged into the record's id).
with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

previous as not materialized (
    select * from {{ ref('int_identity__previous_assignments') }}
),

members as (
    select
        clusters.record_key,
        clusters.cluster_key,
        records.created_at,
        previous.customer_id as previous_customer_id,
        previous.is_current as previous_is_current,
        previous.customer_since as previous_customer_since,
        previous.origin_customer_id as previous_origin_customer_id,
        previous.origin_customer_since as previous_origin_customer_since
    from clusters
    inner join records
        on clusters.record_key = records.record_key
    left join previous
        on clusters.record_key = previous.record_key
),

-- 1. each previous id is claimed by the clusters holding its records; the best claim wins
claims as (
    select
        members.cluster_key,
        members.previous_customer_id as customer_id,
        min(members.previous_customer_since) as customer_since,
        max(case when members.previous_is_current then 1 else 0 end) as holds_current_members,
        sum(case when members.previous_origin_customer_id = members.previous_customer_id then 1 else 0 end) as own_members,
        count(*) as claimed_members
    from members
    where members.previous_customer_id is not null
    group by 1, 2
),

awarded as (
    select
        claims.*,
        row_number() over (
            partition by claims.customer_id
            order by
                claims.holds_current_members desc,
                claims.own_members desc,
                claims.claimed_members desc,
                claims.cluster_key asc
        ) as claim_rank
    from claims
),

-- 2. a merge keeps the oldest customer's id (among ids the last run assigned, if any: an id
--    only returning records claim never displaces a living one)
kept_ranked as (
    select
        awarded.cluster_key,
        awarded.customer_id,
        awarded.customer_since,
        row_number() over (
            partition by awarded.cluster_key
            order by
                awarded.holds_current_members desc,
                awarded.customer_since asc nulls last,
                awarded.customer_id asc
        ) as keep_rank
    from awarded
    where awarded.claim_rank = 1
),

-- the ids the last published run assigned (not those of records that had left before it)
current_ids as (
    select distinct previous.customer_id
    from previous
    where previous.is_current
),

-- an id no record held in the last run, claimed by records that came back, is restored
kept as (
    select
        kept_ranked.cluster_key,
        kept_ranked.customer_id,
        kept_ranked.customer_since,
        case when current_ids.customer_id is null then 'restored' else 'kept' end as id_event
    from kept_ranked
    left join current_ids
        on kept_ranked.customer_id = current_ids.customer_id
    where kept_ranked.keep_rank = 1
),

-- 3. clusters without an id take back a free pre-merge id of their records
restore_claims as (
    select
        members.cluster_key,
        members.previous_origin_customer_id as customer_id,
        min(members.previous_origin_customer_since) as customer_since,
        count(*) as claimed_members
    from members
    left join kept as cluster_kept
        on members.cluster_key = cluster_kept.cluster_key
    left join kept as id_kept
        on members.previous_origin_customer_id = id_kept.customer_id
    where
        cluster_kept.cluster_key is null
        and id_kept.customer_id is null
        and members.previous_origin_customer_id is not null
    group by 1, 2
),

restore_by_id as (
    select
        restore_claims.*,
        row_number() over (
            partition by restore_claims.customer_id
            order by restore_claims.claimed_members desc, restore_claims.cluster_key asc
        ) as id_rank
    from restore_claims
),

restore_by_cluster as (
    select
        restore_by_id.*,
        row_number() over (
            partition by restore_by_id.cluster_key
            order by
                restore_by_id.claimed_members desc,
                restore_by_id.customer_since asc nulls last,
                restore_by_id.customer_id asc
        ) as cluster_rank
    from restore_by_id
    where restore_by_id.id_rank = 1
),

restored as (
    select
        restore_by_cluster.cluster_key,
        restore_by_cluster.customer_id,
        restore_by_cluster.customer_since,
        'restored' as id_event
    from restore_by_cluster
    where restore_by_cluster.cluster_rank = 1
),

-- 4. new customers: an id from the oldest record (salted with the members if that id is known)
unassigned_anchors as (
    select
        members.cluster_key,
        members.record_key,
        members.created_at,
        row_number() over (
            partition by members.cluster_key
            order by members.created_at asc nulls last, members.record_key asc
        ) as age_rank
    from members
    left join kept
        on members.cluster_key = kept.cluster_key
    left join restored
        on members.cluster_key = restored.cluster_key
    where kept.cluster_key is null and restored.cluster_key is null
),

known_ids as (
    select previous.customer_id from previous
    union
    select previous.origin_customer_id as customer_id from previous
),

minted as (
    select
        unassigned_anchors.cluster_key,
        unassigned_anchors.record_key as anchor_key,
        unassigned_anchors.created_at,
        'cus_' || substr({{ dbt.hash('unassigned_anchors.record_key') }}, 1, 16) as plain_id
    from unassigned_anchors
    where unassigned_anchors.age_rank = 1
),

colliding as (
    select minted.cluster_key
    from minted
    inner join known_ids
        on minted.plain_id = known_ids.customer_id
),

colliding_members as (
    select
        unassigned_anchors.cluster_key,
        {{ dbt.listagg('unassigned_anchors.record_key', "'|'", 'order by unassigned_anchors.record_key') }} as member_keys
    from unassigned_anchors
    inner join colliding
        on unassigned_anchors.cluster_key = colliding.cluster_key
    group by 1
),

new_ids as (
    select
        minted.cluster_key,
        case
            when colliding_members.cluster_key is null then minted.plain_id
            else 'cus_' || substr({{ dbt.hash(dbt.concat(['minted.anchor_key', "'#'", 'colliding_members.member_keys'])) }}, 1, 16)
        end as customer_id,
        minted.created_at as customer_since,
        'new' as id_event
    from minted
    left join colliding_members
        on minted.cluster_key = colliding_members.cluster_key
),

cluster_ids as (
    select * from kept
    union all
    select * from restored
    union all
    select * from new_ids
),

-- whether a record's previous id was merged into its new one this run
merged_ids as (
    select
        awarded.cluster_key,
        awarded.customer_id as merged_customer_id
    from awarded
    inner join kept
        on awarded.cluster_key = kept.cluster_key
    where awarded.claim_rank = 1 and awarded.customer_id <> kept.customer_id
),

-- a record keeps the id it had before a merge (its origin) while it stays with the id it
-- had or was merged into, so the merge can be undone; otherwise its new id is its origin
resolved as (
    select
        members.*,
        cluster_ids.customer_id,
        cluster_ids.customer_since,
        cluster_ids.id_event,
        merged_ids.merged_customer_id,
        (
            members.previous_customer_id = cluster_ids.customer_id
            or merged_ids.merged_customer_id is not null
        ) as keeps_origin
    from members
    inner join cluster_ids
        on members.cluster_key = cluster_ids.cluster_key
    left join merged_ids
        on
            members.cluster_key = merged_ids.cluster_key
            and members.previous_customer_id = merged_ids.merged_customer_id
),

final as (
    select
        resolved.record_key,
        resolved.cluster_key,
        resolved.customer_id,
        resolved.customer_since,
        resolved.id_event,
        resolved.previous_customer_id,
        resolved.merged_customer_id,
        case
            when resolved.keeps_origin then resolved.previous_origin_customer_id
            else resolved.customer_id
        end as origin_customer_id,
        case
            when resolved.keeps_origin then resolved.previous_origin_customer_since
            else resolved.customer_since
        end as origin_customer_since
    from resolved
)

select * from final
