{#-
  materialized='connected_components': the model's SQL returns an undirected edge list
  (node_a, node_b[, weight]); a node with no edges is given as a self edge (node, node).
  The result is one row per node with the label of its component: its smallest node key.

  Integer keys. Every node key gets a dense integer id once (its rank among the keys, so the
  smallest id of a component is its smallest key); the loop, the never-link splitting and
  the work tables run on those ids, and keys come back only in the result.

  Components. The loop contracts the graph until no edge is left. Every node has a
  pseudo-random rank (cc_rank: a fixed scramble of its id, the id breaking ties), so the
  order the keys run in does not shape the trees. Each round
    1. hooks every node that has a lower-ranked neighbour to its lowest-ranked neighbour (a
       forest: parents always rank lower, so no cycles),
    2. compresses that forest by pointer jumping (node -> parent's parent) until every node
       points at its root, which takes log2(tree depth) passes, and
    3. rewrites the edges onto the roots, dropping the ones inside a component.
  Only nodes ranked below all their neighbours stay roots: on random ranks about a third of
  a path, so live nodes shrink by a constant factor each round and rounds grow with
  log(component size), not with the graph's diameter; hook trees are shallow (a run of
  falling ranks), so each round needs few jumps. (Hooking to the smallest id instead makes
  a chain of increasing keys one tree as deep as the chain: log2(length) passes over every
  node.) Nodes without an edge never enter the loop; a finished component has no edges
  left and is set aside: later rounds only touch what is still changing. Each round's
  hooks are kept in their own table (a node is hooked in one round only) and resolved at
  the end, latest round first, so no round rewrites the nodes earlier rounds finished;
  pointer jumping updates only the nodes whose parent is not yet a root, and stops when
  none is left.
  Last, every component takes the smallest id among its members as its label.

  Work tables are temporary on DuckDB (cc_work_relation, cc_temporary: in memory, never
  written to the database file); only the result and the two logs go to the model's schema.

  Cannot-link pairs (config cannot_link: a model with node_a, node_b). While a component
  holds both nodes of a pair, it is split at its weakest links: the widest-path strength
  (the best bottleneck weight) and the hop distance from each of the two nodes are
  propagated through the component, every node joins the side it is more strongly tied to
  (on a tie, the nearer one), and the edges between the sides are cut and recorded. The
  split components alone are then recomputed (every other component keeps its labels),
  until no pair is together.

  Every pass is logged and written to <model>__rounds, cut edges to <model>__cuts; more than
  `max_passes` passes in one loop fails the build.
-#}
{% materialization connected_components, default %}
    {%- set node_column = config.get('node_column', 'node') -%}
    {%- set label_column = config.get('label_column', 'component') -%}
    {%- set cannot_link = config.get('cannot_link') -%}
    {%- set max_passes = config.get('max_passes', var('idstitch__max_clustering_passes')) | int -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set work = {} -%}
    {%- for name in ['nodes', 'base', 'edges', 'next_edges', 'jumped', 'next_jumped', 'labels', 'next_labels',
                     'cannot_ids', 'cut_ids', 'violations', 'side_edges', 'strength', 'next_strength', 'kept_labels'] -%}
        {%- do work.update({name: idstitch.cc_work_relation(name)}) -%}
    {%- endfor -%}
    {%- for name in ['tmp', 'backup', 'rounds', 'cuts'] -%}
        {%- do work.update({name: idstitch.work_relation(name)}) -%}
    {%- endfor -%}
    {%- set str = dbt.type_string() -%}
    {%- set num = dbt.type_numeric() -%}
    {%- set id = dbt.type_bigint() -%}

    {{ run_hooks(pre_hooks) }}
    {%- for name, relation in work.items() -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}

    {#- the edge list, as the model wrote it (a view: read twice, while ids are assigned);
        NULL keys cannot be placed in any component -#}
    {%- do work.update({'input': idstitch.work_relation('input').incorporate(type='view')}) -%}
    {%- set stale_input = adapter.get_relation(database=work.input.database, schema=work.input.schema, identifier=work.input.identifier) -%}
    {%- if stale_input is not none -%}
        {%- do adapter.drop_relation(stale_input) -%}
    {%- endif -%}
    {%- call statement('cc_input') -%}
        {{ get_create_view_as_sql(work.input, sql) }}
    {%- endcall -%}
    {%- set null_rows = idstitch.cc_scalar("select count(*) from " ~ work.input ~ " where node_a is null or node_b is null") -%}
    {%- if null_rows > 0 -%}
        {{ exceptions.raise_compiler_error(this ~ ": " ~ null_rows ~ " edges have a NULL node key") }}
    {%- endif -%}
    {#- weight is optional: without it every edge weighs 1 -#}
    {%- set input_columns = {} -%}
    {%- for column in adapter.get_columns_in_relation(work.input) -%}
        {%- do input_columns.update({column.name | lower: column}) -%}
    {%- endfor -%}
    {%- set weight = 'input_edges.weight' if 'weight' in input_columns else 'null' -%}
    {#- node keys are compared as text, or as integers when both columns are integers (no
        cast to text and back: a pipeline's own integer ids cost no string work) -#}
    {%- set key = dbt.type_bigint() if input_columns.node_a.is_integer() and input_columns.node_b.is_integer() else str -%}
    {#- dense integer ids in key order, and the edges between distinct nodes on them (self
        edges only name a node: they are dropped before the key lookups) -#}
    {%- call statement('cc_nodes') -%}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.nodes }} as
        select keys.node, cast(row_number() over (order by keys.node) as {{ id }}) as id
        from (
            select cast(node_a as {{ key }}) as node from {{ work.input }}
            union
            select cast(node_b as {{ key }}) as node from {{ work.input }}
            where cast(node_a as {{ key }}) <> cast(node_b as {{ key }})
        ) as keys;
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.base }} as
        select
            least(node_a.id, node_b.id) as lo,
            greatest(node_a.id, node_b.id) as hi,
            max(cast(coalesce({{ weight }}, 1) as {{ num }})) as weight
        from {{ work.input }} as input_edges
        inner join {{ work.nodes }} as node_a on cast(input_edges.node_a as {{ key }}) = node_a.node
        inner join {{ work.nodes }} as node_b on cast(input_edges.node_b as {{ key }}) = node_b.node
        where cast(input_edges.node_a as {{ key }}) <> cast(input_edges.node_b as {{ key }})
        group by 1, 2
    {%- endcall -%}
    {%- do adapter.drop_relation(work.input) -%}
    {%- call statement('cc_logs') -%}
        create table {{ work.rounds }} as
        select
            cast(0 as {{ dbt.type_int() }}) as pass,
            cast(0 as {{ dbt.type_int() }}) as round,
            cast('start' as {{ str }}) as step,
            cast(count(*) as {{ dbt.type_bigint() }}) as active_edges,
            cast(0 as {{ dbt.type_bigint() }}) as changed_nodes,
            {{ dbt.current_timestamp() }} as logged_at
        from {{ work.base }};
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.cut_ids }} as
        select
            lo, hi, weight,
            cast(null as {{ id }}) as cannot_link_a,
            cast(null as {{ id }}) as cannot_link_b,
            cast(0 as {{ dbt.type_int() }}) as iteration
        from {{ work.base }}
        where 1 = 0
    {%- endcall -%}

    {%- set state = namespace(passes=0, round=0) -%}
    {%- call statement('cc_edges') -%}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.edges }} as
        select lo, hi from {{ work.base }}
    {%- endcall -%}
    {%- set state.passes, state.round = idstitch.cc_components(work, state.passes, state.round, max_passes) -%}

    {%- if cannot_link -%}
        {%- set cannot = ref(cannot_link) -%}
        {%- call statement('cc_cannot_ids') -%}
            create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.cannot_ids }} as
            select distinct least(node_a.id, node_b.id) as a, greatest(node_a.id, node_b.id) as b
            from {{ cannot }} as cannot
            inner join {{ work.nodes }} as node_a on cast(cannot.node_a as {{ key }}) = node_a.node
            inner join {{ work.nodes }} as node_b on cast(cannot.node_b as {{ key }}) = node_b.node
            where node_a.id <> node_b.id
        {%- endcall -%}
        {%- for iteration in range(1, max_passes + 2) -%}
            {%- call statement('cc_violations') -%}
                {{ idstitch.cc_drop_sql(work.violations) }}
                create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.violations }} as
                with together as (
                    select coalesce(label_a.label, cannot.a) as label, cannot.a, cannot.b
                    from {{ work.cannot_ids }} as cannot
                    left join {{ work.labels }} as label_a on cannot.a = label_a.node
                    left join {{ work.labels }} as label_b on cannot.b = label_b.node
                    where coalesce(label_a.label, cannot.a) = coalesce(label_b.label, cannot.b)
                ),
                ranked as (
                    select together.*, row_number() over (partition by label order by a, b) as pair_rank
                    from together
                )
                select label, a, b from ranked where pair_rank = 1
            {%- endcall -%}
            {%- set violations = idstitch.cc_scalar("select count(*) from " ~ work.violations) -%}
            {%- if violations == 0 -%}
                {%- break -%}
            {%- endif -%}
            {%- if iteration > max_passes -%}
                {{ exceptions.raise_compiler_error(this ~ ": cannot-link splitting did not finish within " ~ max_passes ~ " iterations") }}
            {%- endif -%}
            {{ log(this.identifier ~ ": cannot-link iteration " ~ iteration ~ ": " ~ violations ~ " components hold a never-link pair", info=True) }}
            {%- set state.passes = idstitch.cc_cut(work, iteration, state.passes, state.round, max_passes) -%}
            {#- only the split components are recomputed, on their live edges (side_edges)
                minus the cuts; every other component keeps its labels -#}
            {%- call statement('cc_keep_labels') -%}
                {{ idstitch.cc_drop_sql(work.kept_labels) }}
                create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.kept_labels }} as
                select labels.node, labels.label
                from {{ work.labels }} as labels
                left join {{ work.violations }} as violations on labels.label = violations.label
                where violations.label is null
            {%- endcall -%}
            {%- call statement('cc_split_edges') -%}
                {{ idstitch.cc_drop_sql(work.edges) }}
                create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.edges }} as
                select side_edges.u as lo, side_edges.v as hi
                from {{ work.side_edges }} as side_edges
                left join {{ work.cut_ids }} as cut_ids on side_edges.u = cut_ids.lo and side_edges.v = cut_ids.hi
                where side_edges.u < side_edges.v and cut_ids.lo is null
            {%- endcall -%}
            {%- set state.passes, state.round = idstitch.cc_components(work, state.passes, state.round, max_passes) -%}
            {%- call statement('cc_merge_labels') -%}
                insert into {{ work.labels }} (node, label)
                select node, label from {{ work.kept_labels }}
            {%- endcall -%}
        {%- endfor -%}
    {%- endif -%}
    {{ log(this.identifier ~ ": converged after " ~ state.round ~ " rounds, " ~ state.passes ~ " passes", info=True) }}

    {#- back to keys: every node with the key of its component's smallest id -#}
    {%- call statement('main') -%}
        {% set final_sql %}
            select nodes.node as {{ node_column }}, coalesce(label_nodes.node, nodes.node) as {{ label_column }}
            from {{ work.nodes }} as nodes
            left join {{ work.labels }} as labels on nodes.id = labels.node
            left join {{ work.nodes }} as label_nodes on labels.label = label_nodes.id
        {% endset %}
        {{ get_create_table_as_sql(False, work.tmp, final_sql) }}
    {%- endcall -%}
    {%- call statement('cc_cuts') -%}
        create table {{ work.cuts }} as
        select
            node_a.node as node_a, node_b.node as node_b, cut_ids.weight,
            cannot_a.node as cannot_link_a, cannot_b.node as cannot_link_b, cut_ids.iteration
        from {{ work.cut_ids }} as cut_ids
        inner join {{ work.nodes }} as node_a on cut_ids.lo = node_a.id
        inner join {{ work.nodes }} as node_b on cut_ids.hi = node_b.id
        left join {{ work.nodes }} as cannot_a on cut_ids.cannot_link_a = cannot_a.id
        left join {{ work.nodes }} as cannot_b on cut_ids.cannot_link_b = cannot_b.id
    {%- endcall -%}
    {%- do idstitch.swap_in(work.tmp, target_relation, existing_relation, work.backup) -%}
    {%- for name, relation in work.items() if name not in ['rounds', 'cuts'] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}

    {{ run_hooks(post_hooks) }}
    {%- do adapter.commit() -%}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- Components of the graph in work.edges (lo, hi: ids, lo < hi; the loop consumes it):
    work.labels (node, label) for every node of an edge that is not the smallest of its
    component. Returns (passes, rounds). -#}
{% macro cc_components(work, passes, round, max_passes) -%}
    {%- set state = namespace(passes=passes, round=round, done=false, hooked=[]) -%}
    {%- set limit = passes + max_passes -%}
    {%- for _ in range(max_passes + 1) -%}
        {%- set active = idstitch.cc_scalar("select count(*) from " ~ work.edges) -%}
        {%- if active == 0 -%}
            {%- set state.done = true -%}
            {%- break -%}
        {%- endif -%}
        {%- set state.round = state.round + 1 -%}
        {%- set state.passes = idstitch.cc_pass(work.rounds, state.passes, state.round, 'hook', active, limit, max_passes) -%}
        {%- set hooks = idstitch.cc_work_relation('hooks_' ~ (state.hooked | length + 1)) -%}
        {%- do state.hooked.append(hooks) -%}
        {#- 1. hook: every node with a lower-ranked neighbour points at the lowest-ranked one.
            An edge can only hook its higher-ranked end, to the other: one candidate per edge
            (the rank's low 32 bits are the id) -#}
        {%- call statement('cc_hook') -%}
            {{ idstitch.cc_drop_sql(hooks) }}
            create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ hooks }} as
            with ranked as (
                select lo, hi, {{ idstitch.cc_rank('lo') }} as lo_rank, {{ idstitch.cc_rank('hi') }} as hi_rank
                from {{ work.edges }}
            ),
            candidates as (
                select
                    case when lo_rank < hi_rank then hi else lo end as node,
                    least(lo_rank, hi_rank) as parent_rank
                from ranked
            )
            select node, min(parent_rank) % 4294967296 as parent
            from candidates
            group by node
        {%- endcall -%}
        {#- 2. compress the hook forest to stars -#}
        {%- set state.passes = idstitch.cc_compress(hooks, work.jumped, work.next_jumped, work.rounds, state.passes, state.round, limit, max_passes) -%}
        {#- 3. contract: edges between roots; edges inside a component disappear -#}
        {%- call statement('cc_contract') -%}
            create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.next_edges }} as
            with relabelled as (
                select
                    coalesce(hook_lo.parent, edges.lo) as a,
                    coalesce(hook_hi.parent, edges.hi) as b
                from {{ work.edges }} as edges
                left join {{ hooks }} as hook_lo on edges.lo = hook_lo.node
                left join {{ hooks }} as hook_hi on edges.hi = hook_hi.node
            )
            select distinct least(a, b) as lo, greatest(a, b) as hi
            from relabelled
            where a <> b
        {%- endcall -%}
        {%- do adapter.drop_relation(work.edges) -%}
        {%- do adapter.rename_relation(work.next_edges, work.edges) -%}
    {%- endfor -%}
    {%- if not state.done -%}
        {{ exceptions.raise_compiler_error(this ~ ": connected components did not converge within " ~ max_passes ~ " passes (idstitch__max_clustering_passes)") }}
    {%- endif -%}
    {#- a node hooked in round r points at a root of round r, which a later round may have
        hooked: resolve the rounds latest first, each against the labels of those after it -#}
    {%- do adapter.drop_relation(work.labels) -%}
    {%- call statement('cc_labels') -%}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.labels }} as
        select lo as node, hi as label from {{ work.edges }} where 1 = 0
    {%- endcall -%}
    {%- for hooks in state.hooked | reverse -%}
        {%- call statement('cc_resolve') -%}
            create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.next_labels }} as
            select hooks.node, coalesce(labels.label, hooks.parent) as label
            from {{ hooks }} as hooks
            left join {{ work.labels }} as labels on hooks.parent = labels.node
            union all
            select node, label from {{ work.labels }}
        {%- endcall -%}
        {%- do adapter.drop_relation(work.labels) -%}
        {%- do adapter.drop_relation(hooks) -%}
        {%- do adapter.rename_relation(work.next_labels, work.labels) -%}
    {%- endfor -%}
    {#- every node now names its root; a component is labelled with its smallest id -#}
    {%- call statement('cc_smallest') -%}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.next_labels }} as
        with smallest as (
            select label as root, least(label, min(node)) as smallest
            from {{ work.labels }}
            group by label
        )
        select labels.node, smallest.smallest as label
        from {{ work.labels }} as labels
        inner join smallest on labels.label = smallest.root
        where labels.node <> smallest.smallest
        union all
        select root as node, smallest as label
        from smallest
        where root <> smallest
    {%- endcall -%}
    {%- do adapter.drop_relation(work.labels) -%}
    {%- do adapter.rename_relation(work.next_labels, work.labels) -%}
    {{ return([state.passes, state.round]) }}
{%- endmacro %}

{#- Split every component listed in work.violations (label, a, b) at its weakest links and
    record the cut edges in work.cut_ids. Returns the pass count. -#}
{% macro cc_cut(work, iteration, passes, round, max_passes) -%}
    {%- set state = namespace(passes=passes) -%}
    {%- call statement('cc_cut_setup') -%}
        {{ idstitch.cc_drop_sql(work.side_edges) }}
        {{ idstitch.cc_drop_sql(work.strength) }}
        {#- the live edges inside the violating components, both directions -#}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.side_edges }} as
        with live as (
            select base.lo, base.hi, base.weight, violations.label
            from {{ work.base }} as base
            left join {{ work.labels }} as labels on base.lo = labels.node
            inner join {{ work.violations }} as violations on coalesce(labels.label, base.lo) = violations.label
            left join {{ work.cut_ids }} as cut_ids on base.lo = cut_ids.lo and base.hi = cut_ids.hi
            where cut_ids.lo is null
        )
        select label, lo as u, hi as v, weight from live
        union all
        select label, hi as u, lo as v, weight from live;
        {#- widest-path strength (starting above any weight) and hop distance from each end -#}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.strength }} as
        select
            label, 'a' as side, a as node,
            cast(1000000 as {{ dbt.type_numeric() }}) as strength, cast(0 as {{ dbt.type_int() }}) as hops
        from {{ work.violations }}
        union all
        select
            label, 'b' as side, b as node,
            cast(1000000 as {{ dbt.type_numeric() }}) as strength, cast(0 as {{ dbt.type_int() }}) as hops
        from {{ work.violations }}
    {%- endcall -%}
    {#- a widest path has at most one edge per node: that many passes settle every strength -#}
    {%- set nodes = idstitch.cc_scalar("select count(distinct u) from " ~ work.side_edges) -%}
    {%- for _ in range(nodes + 1) -%}
        {%- call statement('cc_relax') -%}
            create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ work.next_strength }} as
            with candidates as (
                select label, side, node, strength, hops from {{ work.strength }}
                union all
                select
                    strength.label, strength.side, side_edges.v as node,
                    least(strength.strength, side_edges.weight) as strength,
                    strength.hops + 1 as hops
                from {{ work.strength }} as strength
                inner join {{ work.side_edges }} as side_edges
                    on strength.label = side_edges.label and strength.node = side_edges.u
            )
            select label, side, node, max(strength) as strength, min(hops) as hops
            from candidates
            group by 1, 2, 3
        {%- endcall -%}
        {%- set moved = idstitch.cc_scalar(
            "select count(*) from " ~ work.next_strength ~ " as new_strength left join " ~ work.strength
            ~ " as old_strength on new_strength.label = old_strength.label and new_strength.side = old_strength.side"
            ~ " and new_strength.node = old_strength.node"
            ~ " where old_strength.node is null or new_strength.strength > old_strength.strength"
            ~ " or new_strength.hops < old_strength.hops") -%}
        {%- do adapter.drop_relation(work.strength) -%}
        {%- do adapter.rename_relation(work.next_strength, work.strength) -%}
        {%- if moved == 0 -%}
            {%- break -%}
        {%- endif -%}
        {%- set state.passes = idstitch.cc_pass(work.rounds, state.passes, round, 'cut', moved, none, max_passes) -%}
    {%- endfor -%}
    {#- every node joins the side it is more strongly tied to; on a tie, the side it is
        fewer hops from; then side a. The edges between the sides are cut -#}
    {%- call statement('cc_cut_edges') -%}
        insert into {{ work.cut_ids }} (lo, hi, weight, cannot_link_a, cannot_link_b, iteration)
        with ties as (
            select
                label, node,
                max(case when side = 'a' then strength else 0 end) as strength_a,
                max(case when side = 'b' then strength else 0 end) as strength_b,
                min(case when side = 'a' then hops end) as hops_a,
                min(case when side = 'b' then hops end) as hops_b
            from {{ work.strength }}
            group by 1, 2
        ),
        sides as (
            select
                label, node,
                case
                    when strength_a > strength_b then 'a'
                    when strength_b > strength_a then 'b'
                    when hops_a <= hops_b then 'a'
                    else 'b'
                end as side
            from ties
        )
        select distinct
            side_edges.u, side_edges.v, side_edges.weight, violations.a, violations.b, {{ iteration }}
        from {{ work.side_edges }} as side_edges
        inner join sides as side_u on side_edges.label = side_u.label and side_edges.u = side_u.node
        inner join sides as side_v on side_edges.label = side_v.label and side_edges.v = side_v.node
        inner join {{ work.violations }} as violations on side_edges.label = violations.label
        where side_edges.u < side_edges.v and side_u.side <> side_v.side
    {%- endcall -%}
    {{ return(state.passes) }}
{%- endmacro %}

{#- A work table of the materialization: default, a table in the model's schema
    (work_relation); on DuckDB a temporary one, kept in memory and never written to the
    database file (create it with cc_temporary). -#}
{% macro cc_work_relation(name) -%}
    {{ return(adapter.dispatch('cc_work_relation', 'idstitch')(name)) }}
{%- endmacro %}

{% macro default__cc_work_relation(name) -%}
    {{ return(idstitch.work_relation(name)) }}
{%- endmacro %}

{% macro duckdb__cc_work_relation(name) -%}
    {{ return(api.Relation.create(database='temp', schema='main', identifier=this.identifier ~ '__' ~ name, type='table')) }}
{%- endmacro %}

{#- Whether a cc_work_relation is created as `create temporary table`: not by default, on
    DuckDB yes. -#}
{% macro cc_temporary() -%}
    {{ return(adapter.dispatch('cc_temporary', 'idstitch')()) }}
{%- endmacro %}

{% macro default__cc_temporary() -%}
    {{ return(false) }}
{%- endmacro %}

{% macro duckdb__cc_temporary() -%}
    {{ return(true) }}
{%- endmacro %}

{#- A node's rank in the hooking order, a bigint: a scramble of its id (two quadratic steps
    modulo the prime 2^31 - 1: portable integer arithmetic, no product above 2^63) in the
    high bits, the id itself in the low 32 bits, so ranks never tie and the id comes back
    as rank % 2^32 (ids are dense, so below 2^32 for any graph of fewer than 4 billion
    nodes). -#}
{% macro cc_rank(id) -%}
    {%- set p = 2147483647 -%}
    {%- set x = '(' ~ id ~ ' % ' ~ p ~ ')' -%}
    {%- set y = '((' ~ x ~ ' * 1103515245 + (' ~ x ~ ' * ' ~ x ~ ' % ' ~ p ~ ') * 16807) % ' ~ p ~ ')' -%}
    (({{ y }} * 69621 + ({{ y }} * {{ y }} % {{ p }}) * 48271) % {{ p }}) * 4294967296 + {{ id }}
{%- endmacro %}

{% macro cc_drop_sql(relation) -%}
    drop table if exists {{ relation }};
{%- endmacro %}

{% macro cc_scalar(query) -%}
    {{ return(run_query(query).columns[0].values()[0] | int) }}
{%- endmacro %}

{#- Count one pass, log it, record it, and fail once past `limit` (the pass number at which
    the current components computation exceeds max_passes; none: no cap). -#}
{% macro cc_pass(rounds_relation, passes, round, step, changed, limit, max_passes) -%}
    {%- set passes = passes + 1 -%}
    {%- if limit is not none and passes > limit -%}
        {{ exceptions.raise_compiler_error(this ~ ": connected components did not converge within " ~ max_passes ~ " passes (idstitch__max_clustering_passes)") }}
    {%- endif -%}
    {{ log(this.identifier ~ ": pass " ~ passes ~ ", round " ~ round ~ ", " ~ step ~ ": " ~ changed ~ (" active edges" if step == 'hook' else " nodes moved"), info=True) }}
    {%- call statement('cc_log_pass') -%}
        insert into {{ rounds_relation }} (pass, round, step, active_edges, changed_nodes, logged_at)
        select {{ passes }}, {{ round }}, '{{ step }}',
            {{ changed if step == 'hook' else 0 }}, {{ 0 if step == 'hook' else changed }},
            {{ dbt.current_timestamp() }}
    {%- endcall -%}
    {{ return(passes) }}
{%- endmacro %}

{#- Pointer jumping over a (node, parent) forest held in `forest`, in place, until every node
    points at its root. Only the nodes whose parent is not a root take part: `scratch` holds
    them with their parent's parent; the forest takes those parents (node -> parent's
    parent), and the moved nodes whose new parent is still not a root go on to the next
    pass (a node whose parent is a root is done: roots never move). A pass with no such
    node ends it. `scratch` and `next_scratch` are work relations. Returns the pass count. -#}
{% macro cc_compress(forest, scratch, next_scratch, rounds_relation, passes, round, limit, max_passes) -%}
    {%- set state = namespace(passes=passes) -%}
    {%- call statement('cc_jump_start') -%}
        create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ scratch }} as
        select child.node, up.parent
        from {{ forest }} as child
        inner join {{ forest }} as up on child.parent = up.node
    {%- endcall -%}
    {%- for _ in range(max_passes + 1) -%}
        {%- set moving = idstitch.cc_scalar("select count(*) from " ~ scratch) -%}
        {%- if moving == 0 -%}
            {%- break -%}
        {%- endif -%}
        {%- set state.passes = idstitch.cc_pass(rounds_relation, state.passes, round, 'jump', moving, limit, max_passes) -%}
        {%- call statement('cc_jump') -%}
            update {{ forest }} as forest
            set parent = moved.parent
            from {{ scratch }} as moved
            where forest.node = moved.node;
            create {% if idstitch.cc_temporary() %}temporary {% endif %}table {{ next_scratch }} as
            select moved.node, up.parent
            from {{ scratch }} as moved
            inner join {{ forest }} as up on moved.parent = up.node
        {%- endcall -%}
        {%- do adapter.drop_relation(scratch) -%}
        {%- do adapter.rename_relation(next_scratch, scratch) -%}
    {%- endfor -%}
    {%- do adapter.drop_relation(scratch) -%}
    {{ return(state.passes) }}
{%- endmacro %}

{#- A log a connected_components model leaves beside itself: 'rounds' (one row per pass) or
    'cuts' (edges cut to keep never-link pairs apart). Pass the model's ref(), so lineage
    runs through it. -#}
{% macro connected_components_log(model_relation, log_name) -%}
    {{ return(api.Relation.create(database=model_relation.database, schema=model_relation.schema, identifier=model_relation.identifier ~ '__' ~ log_name, type='table')) }}
{%- endmacro %}
