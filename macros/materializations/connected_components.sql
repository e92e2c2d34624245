{#-
  materialized='connected_components': the model's SQL returns an undirected edge list
  (node_a, node_b); a node with no edges is given as a self edge (node, node). The result is
  one row per node with the label of its component: the smallest node key in it.

  The loop contracts the graph until no edge is left. Each round
    1. hooks every node that has a smaller neighbour to its smallest neighbour (a forest:
       parents are always smaller, so no cycles),
    2. compresses that forest by pointer jumping (node -> parent's parent) until every node
       points at its root, which takes log2(tree depth) passes, and
    3. rewrites the edges onto the roots, dropping the ones inside a component.
  Every node with a neighbour ends a round inside a tree of at least two, so the number of
  live nodes halves each round: rounds grow with log(component size), not with the graph's
  diameter, whatever order the keys run in. A finished component has no edges left and is
  set aside: later rounds only touch what is still changing. Each pass is logged and written
  to the companion table <model>__rounds; more than `max_passes` passes fails the build.
-#}
{% materialization connected_components, default %}
    {%- set node_column = config.get('node_column', 'node') -%}
    {%- set label_column = config.get('label_column', 'component') -%}
    {%- set max_passes = config.get('max_passes', var('idstitch__max_clustering_rounds')) | int -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set work = {} -%}
    {%- for name in ['input', 'edges', 'next_edges', 'hooks', 'jumped', 'parents', 'tmp', 'backup', 'rounds'] -%}
        {%- do work.update({name: idstitch.cc_relation(name)}) -%}
    {%- endfor -%}
    {%- set str = dbt.type_string() -%}

    {{ run_hooks(pre_hooks) }}
    {%- for name, relation in work.items() -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}

    {#- the edge list, as the model wrote it; NULL keys cannot be placed in any component -#}
    {%- call statement('cc_input') -%}
        {{ get_create_table_as_sql(False, work.input, sql) }}
    {%- endcall -%}
    {%- set null_rows = idstitch.cc_scalar("select count(*) from " ~ work.input ~ " where node_a is null or node_b is null") -%}
    {%- if null_rows > 0 -%}
        {{ exceptions.raise_compiler_error(this ~ ": " ~ null_rows ~ " edges have a NULL node key") }}
    {%- endif -%}
    {%- call statement('cc_edges') -%}
        create table {{ work.edges }} as
        select distinct
            least(cast(node_a as {{ str }}), cast(node_b as {{ str }})) as lo,
            greatest(cast(node_a as {{ str }}), cast(node_b as {{ str }})) as hi
        from {{ work.input }}
        where node_a <> node_b
    {%- endcall -%}
    {%- call statement('cc_parents') -%}
        create table {{ work.parents }} as
        select cast(null as {{ str }}) as node, cast(null as {{ str }}) as parent
        where 1 = 0
    {%- endcall -%}
    {%- call statement('cc_rounds') -%}
        create table {{ work.rounds }} as
        select
            cast(0 as {{ dbt.type_int() }}) as pass,
            cast(0 as {{ dbt.type_int() }}) as round,
            cast('start' as {{ str }}) as step,
            cast(count(*) as {{ dbt.type_bigint() }}) as active_edges,
            cast(0 as {{ dbt.type_bigint() }}) as changed_nodes,
            {{ dbt.current_timestamp() }} as logged_at
        from {{ work.edges }}
    {%- endcall -%}

    {%- set state = namespace(passes=0, round=0, done=false) -%}
    {%- for _ in range(max_passes + 1) -%}
        {%- set active = idstitch.cc_scalar("select count(*) from " ~ work.edges) -%}
        {%- if active == 0 -%}
            {%- set state.done = true -%}
            {%- break -%}
        {%- endif -%}
        {%- set state.round = state.round + 1 -%}
        {%- set state.passes = idstitch.cc_pass(work.rounds, state.passes, state.round, 'hook', active, max_passes) -%}
        {#- 1. hook: every node with a smaller neighbour points at the smallest one -#}
        {%- call statement('cc_hook') -%}
            create table {{ work.hooks }} as
            select hi as node, min(lo) as parent from {{ work.edges }} group by hi
        {%- endcall -%}
        {#- 2. compress the hook forest to stars -#}
        {%- set state.passes = idstitch.cc_compress(work.hooks, work.jumped, work.rounds, state.passes, state.round, max_passes) -%}
        {%- call statement('cc_record_parents') -%}
            insert into {{ work.parents }} (node, parent) select node, parent from {{ work.hooks }}
        {%- endcall -%}
        {#- 3. contract: edges between roots; edges inside a component disappear -#}
        {%- call statement('cc_contract') -%}
            create table {{ work.next_edges }} as
            with relabelled as (
                select
                    coalesce(hook_lo.parent, edges.lo) as a,
                    coalesce(hook_hi.parent, edges.hi) as b
                from {{ work.edges }} as edges
                left join {{ work.hooks }} as hook_lo on edges.lo = hook_lo.node
                left join {{ work.hooks }} as hook_hi on edges.hi = hook_hi.node
            )
            select distinct least(a, b) as lo, greatest(a, b) as hi
            from relabelled
            where a <> b
        {%- endcall -%}
        {%- do adapter.drop_relation(work.edges) -%}
        {%- do adapter.drop_relation(work.hooks) -%}
        {%- do adapter.rename_relation(work.next_edges, work.edges) -%}
    {%- endfor -%}
    {%- if not state.done -%}
        {{ exceptions.raise_compiler_error(this ~ ": connected components did not converge within " ~ max_passes ~ " passes (idstitch__max_clustering_rounds)") }}
    {%- endif -%}

    {#- a node hooked in round r points at a root of round r, which a later round may hook:
        resolve those chains (at most one link per round) the same way -#}
    {%- set state.passes = idstitch.cc_compress(work.parents, work.jumped, work.rounds, state.passes, state.round, max_passes) -%}
    {{ log(this.identifier ~ ": converged after " ~ state.round ~ " rounds, " ~ state.passes ~ " passes", info=True) }}

    {%- call statement('main') -%}
        {% set final_sql %}
            with nodes as (
                select cast(node_a as {{ str }}) as node from {{ work.input }}
                union
                select cast(node_b as {{ str }}) as node from {{ work.input }}
            )
            select
                nodes.node as {{ node_column }},
                coalesce(parents.parent, nodes.node) as {{ label_column }}
            from nodes
            left join {{ work.parents }} as parents on nodes.node = parents.node
        {% endset %}
        {{ get_create_table_as_sql(False, work.tmp, final_sql) }}
    {%- endcall -%}
    {%- if existing_relation is not none -%}
        {%- do adapter.rename_relation(existing_relation, work.backup) -%}
    {%- endif -%}
    {%- do adapter.rename_relation(work.tmp, target_relation) -%}
    {%- for name in ['input', 'edges', 'parents', 'backup'] -%}
        {%- do adapter.drop_relation(work[name]) -%}
    {%- endfor -%}

    {{ run_hooks(post_hooks) }}
    {%- do adapter.commit() -%}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- A work table of the model being built: <model>__<name>, in the model's schema. -#}
{% macro cc_relation(name) -%}
    {{ return(api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '__' ~ name, type='table')) }}
{%- endmacro %}

{% macro cc_scalar(query) -%}
    {{ return(run_query(query).columns[0].values()[0] | int) }}
{%- endmacro %}

{#- Count one pass, log it, record it, and fail once past the cap. Returns the new count. -#}
{% macro cc_pass(rounds_relation, passes, round, step, changed, max_passes) -%}
    {%- set passes = passes + 1 -%}
    {%- if passes > max_passes -%}
        {{ exceptions.raise_compiler_error(this ~ ": connected components did not converge within " ~ max_passes ~ " passes (idstitch__max_clustering_rounds)") }}
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
    points at its root. Returns the pass count. -#}
{% macro cc_compress(forest, scratch, rounds_relation, passes, round, max_passes) -%}
    {%- set state = namespace(passes=passes) -%}
    {%- for _ in range(max_passes + 1) -%}
        {%- set moving = idstitch.cc_scalar("select count(*) from " ~ forest ~ " as child join " ~ forest ~ " as up on child.parent = up.node") -%}
        {%- if moving == 0 -%}
            {%- break -%}
        {%- endif -%}
        {%- set state.passes = idstitch.cc_pass(rounds_relation, state.passes, round, 'jump', moving, max_passes) -%}
        {%- call statement('cc_jump') -%}
            create table {{ scratch }} as
            select child.node, coalesce(up.parent, child.parent) as parent
            from {{ forest }} as child
            left join {{ forest }} as up on child.parent = up.node
        {%- endcall -%}
        {%- do adapter.drop_relation(forest) -%}
        {%- do adapter.rename_relation(scratch, forest) -%}
    {%- endfor -%}
    {{ return(state.passes) }}
{%- endmacro %}

{#- The per-pass log a connected_components model leaves beside itself (<model>__rounds).
    Pass the model's ref(), so lineage runs through it. -#}
{% macro connected_components_rounds(model_relation) -%}
    {{ return(api.Relation.create(database=model_relation.database, schema=model_relation.schema, identifier=model_relation.identifier ~ '__rounds', type='table')) }}
{%- endmacro %}
