{#-
  materialized='match_parameters': estimates the Fellegi-Sunter parameters of the
  comparisons in var idstitch__match_comparisons and writes them as a table, one row per
  (comparison, level), plus a '(prior)' row.

  The model's SQL returns training patterns: training_set (a blocking rule's name, or '(all)' for
  every candidate pair once), is_key_linked, one <comparison>_level column per comparison,
  and pair_count.

  - u comes from random record pairs (config u_probabilities: a model with comparison,
    comparison_level, u_probability).
  - m starts as the level shares among the record pairs deterministic keys already linked
    (session '(key_linked)'), which is where it stays by default
    (var idstitch__m_probabilities_from: deterministic_links). With 'em' it is then
    estimated by expectation-maximization, one session per blocking rule (as Splink
    trains): within a rule's pairs, the comparisons on the rule's own columns are switched
    off (they agree by construction), and the others are learned. Each comparison's m is the
    mean over the sessions that learned it; one no session learned keeps its start.
  - The prior (the probability that two random records are one person: config records
    names the model whose rows with trains_parameters are the records counted) is then
    estimated by EM over the candidate pairs with m and u held; pairs deterministic keys
    joined count as matches, pairs no blocking rule found as non-matches. Its change is
    measured relative to its size.
  - var idstitch__match_parameter_overrides pins single m or u values by hand; pinned values
    are not re-estimated.
  Every iteration is logged and written to <model>__rounds. An EM that has not converged
  within var idstitch__max_em_iterations logs a warning and keeps its last estimate.

  A run that reuses the published parameters (idstitch.published_parameters: var
  idstitch__reestimate_parameters: on_full_refresh) runs none of this: it writes the latest
  published m, u and prior as they are (hand-set overrides still win), and the training SQL
  is never executed. Every row says which run estimated it (estimated_by).
-#}
{% materialization match_parameters, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set training = idstitch.work_relation('training') -%}
    {%- set rounds = idstitch.work_relation('rounds') -%}
    {%- set tmp = idstitch.work_relation('tmp') -%}
    {%- set backup = idstitch.work_relation('backup') -%}
    {%- set comparisons = idstitch.match_comparisons() -%}
    {%- set rules = idstitch.blocking_rules() -%}
    {%- set max_iterations = var('idstitch__max_em_iterations') | int -%}
    {%- set tolerance = var('idstitch__em_tolerance') | float -%}

    {%- set published = idstitch.published_parameters() -%}

    {{ run_hooks(pre_hooks) }}
    {%- for relation in [training, rounds, tmp, backup] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}
    {%- call statement('em_rounds') -%}
        create table {{ rounds }} (
            iteration {{ dbt.type_int() }},
            training_set {{ dbt.type_string() }},
            prior double precision,
            max_change double precision,
            logged_at {{ dbt.type_timestamp() }}
        )
    {%- endcall -%}

    {%- if published -%}
    {#- the latest published parameters, as they are; hand-set values still win -#}
    {%- set estimated_by = published.estimated_by -%}
    {{ log(this.identifier ~ ": reusing the match parameters run " ~ estimated_by ~ " estimated (idstitch__reestimate_parameters: on_full_refresh; `dbt build --full-refresh` estimates them)", info=True) }}
    {%- set m, u, m_source, u_source = {}, {}, {}, {} -%}
    {%- set prior = namespace(value=none) -%}
    {%- for row in run_query("select comparison, comparison_level, m_probability, u_probability, m_source, u_source from " ~ published.relation ~ " where invocation_id = '" ~ published.invocation_id ~ "'").rows -%}
        {%- if row[0] == '(prior)' -%}
            {%- set prior.value = row[2] | float -%}
        {%- else -%}
            {%- set key = row[0] ~ ':' ~ (row[1] | int) -%}
            {%- do m.update({key: row[2] | float}) -%}
            {%- do u.update({key: row[3] | float}) -%}
            {%- do m_source.update({key: row[4]}) -%}
            {%- do u_source.update({key: row[5]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for parameter, values, sources in [('m_probability', m, m_source), ('u_probability', u, u_source)] -%}
        {%- for key, value in idstitch.em_overrides(comparisons, parameter).items() -%}
            {%- do values.update({key: value}) -%}
            {%- do sources.update({key: 'override'}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- else -%}
    {%- set estimated_by = invocation_id -%}
    {%- call statement('em_training') -%}
        {{ get_create_table_as_sql(False, training, sql) }}
    {%- endcall -%}

    {#- u from random pairs, then hand-set overrides -#}
    {%- set u = {} -%}
    {%- set u_source = {} -%}
    {%- set u_rows = run_query("select comparison, comparison_level, u_probability from " ~ ref(config.get('u_probabilities'))) -%}
    {%- for row in u_rows.rows -%}
        {%- if row[2] is not none -%}
            {%- do u.update({row[0] ~ ':' ~ row[1]: row[2] | float}) -%}
            {%- do u_source.update({row[0] ~ ':' ~ row[1]: 'random_pairs'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set pinned_m = idstitch.em_overrides(comparisons, 'm_probability') -%}
    {%- for key, value in idstitch.em_overrides(comparisons, 'u_probability').items() -%}
        {%- do u.update({key: value}) -%}
        {%- do u_source.update({key: 'override'}) -%}
    {%- endfor -%}

    {#- start: level shares among pairs deterministic keys already linked -#}
    {%- set start = {} -%}
    {%- set start_source = {} -%}
    {%- for comparison in comparisons -%}
        {%- set counts = idstitch.em_level_sums(training, comparison, "training_set = '(key_linked)' and " ~ idstitch.m_training_pairs(comparison), 'pair_count') -%}
        {%- if not counts -%}
            {#- no pair linked by another type (a project with one proof type): all of them -#}
            {%- set counts = idstitch.em_level_sums(training, comparison, "training_set = '(key_linked)'", 'pair_count') -%}
        {%- endif -%}
        {%- set levels = comparison.levels | length + 1 -%}
        {%- set total = counts.values() | sum -%}
        {%- for level in range(1, levels + 1) -%}
            {%- set key = comparison.name ~ ':' ~ level -%}
            {%- if total > 0 -%}
                {%- do start.update({key: ((counts.get(level, 0) + 0.5) / (total + 0.5 * levels)) | round(6)}) -%}
                {%- do start_source.update({key: 'deterministic_links'}) -%}
            {%- else -%}
                {%- do start.update({key: (0.9 if level == 1 else 0.1 / (levels - 1)) | round(6)}) -%}
                {%- do start_source.update({key: 'default'}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do start.update(pinned_m) -%}

    {#- one EM session per blocking rule that found pairs -#}
    {%- set session_counts = {} -%}
    {%- for row in run_query("select training_set, sum(pair_count), sum(case when is_key_linked then pair_count else 0 end) from " ~ training ~ " group by 1").rows -%}
        {%- do session_counts.update({row[0]: [row[1] | float, row[2] | float]}) -%}
    {%- endfor -%}
    {%- set learned = {} -%}
    {%- set m_from = var('idstitch__m_probabilities_from') -%}
    {%- if m_from not in ['deterministic_links', 'em'] -%}
        {{ exceptions.raise_compiler_error("idstitch__m_probabilities_from must be deterministic_links or em, not " ~ m_from) }}
    {%- endif -%}
    {%- for rule in rules if rule.name in session_counts and rule.train and m_from == 'em' -%}
        {%- set active = [] -%}
        {%- for comparison in comparisons if not idstitch.rule_constrains(rule, comparison) -%}
            {%- do active.append(comparison) -%}
        {%- endfor -%}
        {%- set pairs, linked = session_counts[rule.name] -%}
        {%- set state = namespace(m=start.copy(), prior=[[linked / pairs, 0.001] | max, 0.5] | min, converged=false) -%}
        {%- for iteration in range(1, max_iterations + 1) -%}
            {%- set result = idstitch.em_step(training, "training_set = '" ~ rule.name ~ "'", active, state.m, u, state.prior) -%}
            {%- set next_m = state.m.copy() -%}
            {%- set change = namespace(max=[((result.prior - state.prior) | abs)]) -%}
            {%- for comparison in active -%}
                {%- set total = result.sums[comparison.name].values() | sum -%}
                {%- for level in range(1, comparison.levels | length + 2) -%}
                    {%- set key = comparison.name ~ ':' ~ level -%}
                    {%- if key not in pinned_m and total > 0 -%}
                        {%- set value = (result.sums[comparison.name].get(level, 0) / total) | round(6) -%}
                        {%- do change.max.append((value - state.m[key]) | abs) -%}
                        {%- do next_m.update({key: value}) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endfor -%}
            {%- set state.m = next_m -%}
            {%- set state.prior = result.prior | round(8) -%}
            {%- do idstitch.em_log(rounds, iteration, rule.name, state.prior, change.max | max) -%}
            {%- if change.max | max < tolerance -%}
                {%- set state.converged = true -%}
                {%- break -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not state.converged -%}
            {{ log("WARNING: " ~ this.identifier ~ ": EM for blocking rule " ~ rule.name ~ " did not converge within " ~ max_iterations ~ " iterations (idstitch__max_em_iterations); keeping its last estimate", info=True) }}
        {%- endif -%}
        {%- for comparison in active -%}
            {%- for level in range(1, comparison.levels | length + 2) -%}
                {%- set key = comparison.name ~ ':' ~ level -%}
                {%- do learned.update({key: learned.get(key, []) + [state.m[key]]}) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}

    {#- m: the mean over the sessions that learned it -#}
    {%- set m = {} -%}
    {%- set m_source = {} -%}
    {%- for key, value in start.items() -%}
        {%- if key in pinned_m -%}
            {%- do m.update({key: value}) -%}
            {%- do m_source.update({key: 'override'}) -%}
        {%- elif key in learned -%}
            {%- do m.update({key: ((learned[key] | sum) / (learned[key] | length)) | round(6)}) -%}
            {%- do m_source.update({key: 'em:' ~ learned[key] | length ~ '_rules'}) -%}
        {%- else -%}
            {%- do m.update({key: value}) -%}
            {%- do m_source.update({key: start_source[key]}) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- a swapped level is an exact match across two columns, and weighs as one: its m stays
        the share of true matches whose names traded places, its u is set so that m / u is
        the exact level's (random pairs almost never show a swap, so a u measured on them
        would make any swap of common names a certain match) -#}
    {%- for comparison in comparisons if comparison.swapped -%}
        {%- set key = comparison.name ~ ':' ~ (comparison.levels.index(comparison.swapped) + 1) -%}
        {%- set exact = comparison.name ~ ':1' -%}
        {%- do u.update({key: ([m[key] * u[exact] / m[exact], 1.0] | min) | round(12)}) -%}
        {%- do u_source.update({key: 'exact_level'}) -%}
    {%- endfor -%}

    {#- the prior: the probability that two random records are one person. Every pair
        deterministic keys joined counts as a match, every pair no blocking rule found as
        a non-match; EM finds the share among the other candidate pairs, m and u held. -#}
    {%- set record_count = run_query("select count(*) from " ~ ref(config.get('records')) ~ " where trains_parameters").columns[0].values()[0] | float -%}
    {%- set all_pairs = [record_count * (record_count - 1) / 2, 1] | max -%}
    {#- every pair of training records in one key cluster (not only the pairs m starts from,
        which share a proof value directly) -#}
    {%- set linked_pairs = run_query("select coalesce(sum(record_count * (record_count - 1) / 2), 0) from (select count(*) as record_count from " ~ ref(config.get('records')) ~ " where trains_parameters group by key_cluster_key) as key_clusters").columns[0].values()[0] | float -%}
    {%- set open_pairs = session_counts.get('(all)', [0, 0])[0] - session_counts.get('(all)', [0, 0])[1] -%}
    {%- set prior = namespace(value=[[linked_pairs, 1] | max / all_pairs, 0.5] | min) -%}
    {%- if open_pairs > 0 -%}
        {%- for iteration in range(1, max_iterations + 1) -%}
            {%- set result = idstitch.em_step(training, "training_set = '(all)' and not is_key_linked", comparisons, m, u, prior.value) -%}
            {%- set next_value = [(result.prior * open_pairs + linked_pairs) / all_pairs, 0.5] | min -%}
            {%- set change = (next_value - prior.value) | abs / prior.value -%}
            {%- set prior.value = '%.6e' | format(next_value) | float -%}
            {%- do idstitch.em_log(rounds, iteration, '(all)', prior.value, change) -%}
            {%- if change < tolerance -%}{%- break -%}{%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ log(this.identifier ~ ": prior probability that two random records match: " ~ prior.value, info=True) }}
    {%- do adapter.drop_relation(training) -%}
    {%- endif -%}

    {%- call statement('main') -%}
        {%- set final_sql -%}
        {%- for comparison in comparisons %}
        {%- set names = idstitch.comparison_level_names(comparison) %}
        {%- for level in range(1, comparison.levels | length + 2) %}
        {%- set key = comparison.name ~ ':' ~ level %}
        select '{{ comparison.name }}' as comparison, {{ level }} as comparison_level,
            '{{ names[level] }}' as level_name,
            cast({{ m[key] }} as double precision) as m_probability,
            cast({{ u[key] }} as double precision) as u_probability,
            '{{ m_source[key] }}' as m_source, '{{ u_source[key] }}' as u_source,
            '{{ estimated_by }}' as estimated_by
        union all
        {%- endfor %}
        {%- endfor %}
        select '(prior)', 0, 'prior', cast({{ prior.value }} as double precision),
            cast({{ 1 - prior.value }} as double precision), 'em:all_pairs', 'em:all_pairs',
            '{{ estimated_by }}'
        {%- endset %}
        {% set weighted_sql %}
            select parameters.*,
                cast({{ idstitch.match_weight('parameters.m_probability', 'parameters.u_probability') }} as {{ dbt.type_numeric() }}) as match_weight
            from ({{ final_sql }}) as parameters
        {% endset %}
        {{ get_create_table_as_sql(False, tmp, weighted_sql) }}
    {%- endcall -%}
    {%- do idstitch.swap_in(tmp, target_relation, existing_relation, backup) -%}

    {{ run_hooks(post_hooks) }}
    {%- do adapter.commit() -%}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}


{#- One EM step over the training rows matching `where`: the expected match share (prior) and,
    per comparison and level, the summed match probability. -#}
{% macro em_step(training, where, comparisons, m, u, prior) -%}
    {%- set bits -%}
        ln({{ prior }} / (1 - {{ prior }})) / ln(2)
        {%- for comparison in comparisons %}
        + case {{ comparison.name }}_level
            {%- for level in range(1, comparison.levels | length + 2) %}
            {%- set key = comparison.name ~ ':' ~ level %}
            when {{ level }} then {{ idstitch.match_weight(m[key], u[key]) }}
            {%- endfor %}
            else 0 end
        {%- endfor %}
    {%- endset -%}
    {%- set query -%}
        with scored as (
            select *, pair_count * {{ idstitch.bits_to_probability(bits) }} as expected_matches
            from {{ training }}
            where {{ where }}
        )
        select '(prior)' as comparison, 0 as comparison_level,
            sum(expected_matches) / sum(pair_count) as expected
        from scored
        {%- for comparison in comparisons %}
        union all
        select '{{ comparison.name }}', {{ comparison.name }}_level, sum(expected_matches)
        from scored
        where {{ comparison.name }}_level > 0
        group by 1, 2
        {%- endfor %}
    {%- endset -%}
    {%- set result = {'prior': 0.0, 'sums': {}} -%}
    {%- for comparison in comparisons -%}
        {%- do result.sums.update({comparison.name: {}}) -%}
    {%- endfor -%}
    {%- for row in run_query(query).rows -%}
        {%- if row[0] == '(prior)' -%}
            {%- do result.update({'prior': [[row[2] | float, 0.000001] | max, 0.999999] | min}) -%}
        {%- else -%}
            {%- do result.sums[row[0]].update({row[1] | int: row[2] | float}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}

{#- SQL condition on the training rows: pairs linked by a non-shareable identifier type other
    than the column `comparison` compares (its own shared value would select its agreement). -#}
{% macro m_training_pairs(comparison) -%}
    {%- set others = [] -%}
    {%- for identifier_type in idstitch.proof_identifier_types() if identifier_type != comparison.column -%}
        {%- do others.append('linked_by_' ~ identifier_type) -%}
    {%- endfor -%}
    ({{ others | join(' or ') if others else 'true' }})
{%- endmacro %}

{#- Summed `measure` per level of one comparison over the training rows matching `where`. -#}
{% macro em_level_sums(training, comparison, where, measure) -%}
    {%- set sums = {} -%}
    {%- set query -%}
        select {{ comparison.name }}_level, sum({{ measure }}) from {{ training }}
        where {{ where }} and {{ comparison.name }}_level > 0 group by 1
    {%- endset -%}
    {%- for row in run_query(query).rows -%}
        {%- do sums.update({row[0] | int: row[1] | float}) -%}
    {%- endfor -%}
    {{ return(sums) }}
{%- endmacro %}

{#- Hand-set values of one parameter from var idstitch__match_parameter_overrides:
    {'<comparison>:<level number>': value}. Entries name a comparison and a level by name. -#}
{% macro em_overrides(comparisons, parameter) -%}
    {%- set out = {} -%}
    {%- for entry in var('idstitch__match_parameter_overrides', []) -%}
        {%- set matches = comparisons | selectattr('name', 'equalto', entry.get('comparison')) | list -%}
        {%- if not matches -%}
            {{ exceptions.raise_compiler_error("idstitch__match_parameter_overrides: unknown comparison " ~ entry.get('comparison')) }}
        {%- endif -%}
        {%- set names = idstitch.comparison_level_names(matches[0]) -%}
        {%- if entry.get('level') not in names[1:] -%}
            {{ exceptions.raise_compiler_error("idstitch__match_parameter_overrides: comparison " ~ entry.comparison ~ " has no level '" ~ entry.get('level') ~ "' (levels: " ~ names[1:] | join(', ') ~ ")") }}
        {%- endif -%}
        {%- if entry.get(parameter) is not none -%}
            {%- set value = entry.get(parameter) | float -%}
            {%- if value <= 0 or value > 1 -%}
                {{ exceptions.raise_compiler_error("idstitch__match_parameter_overrides: " ~ parameter ~ " of " ~ entry.comparison ~ "/" ~ entry.level ~ " must be in (0, 1]") }}
            {%- endif -%}
            {%- do out.update({entry.comparison ~ ':' ~ names.index(entry.level): value}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}

{% macro em_log(rounds, iteration, session, prior, change) -%}
    {{ log(this.identifier ~ ": EM " ~ session ~ " iteration " ~ iteration ~ ": prior " ~ prior ~ ", largest change " ~ change, info=False) }}
    {%- call statement('em_log') -%}
        insert into {{ rounds }} (iteration, training_set, prior, max_change, logged_at)
        values ({{ iteration }}, '{{ session }}', {{ prior }}, {{ change }}, {{ dbt.current_timestamp() }})
    {%- endcall -%}
{%- endmacro %}
