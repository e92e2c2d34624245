{#- Validation of the project's vars (dbt_project.yml `vars:`, or --vars), at compile time:
    every problem found is listed in one compilation error, each naming the var (or the
    idstitch__sources entry and its model), what reads it, the bad value and the allowed
    values. idstitch.identity_sources() calls it, so any model that reads the sources fails
    (and at parse time the whole project does) before a bad value reaches SQL; so do
    identifier_types_values() and proof_identifier_types(), with check_columns=false (the
    staging columns are checked by the models that read the staging models).

    Rules, var by var:
      idstitch__sources                 a non-empty list of mappings with known keys (source,
                                        model, record_id, created_at, updated_at, first_name,
                                        generation_suffix, deleted_flag, identifiers,
                                        attributes); names of
                                        columns are strings; identifiers are {type, column,
                                        issue_column}; attributes map lower-case names to
                                        columns. When executing, every column an entry names
                                        must be a column of its built staging model (compared
                                        case-insensitively; a model not built yet is skipped).
                                        Required keys, duplicate sources and undeclared types:
                                        identity_sources() itself.
      idstitch__identifier_types        a non-empty mapping type -> {confidence (0, 1],
                                        shareable true/false/family, format: a pattern}
      idstitch__min_edge_confidence     [0, 1] (0: every type builds edges)
      idstitch__match_threshold         (0, 1]: at 0 every scored pair would be an edge
      idstitch__match_review_threshold  [0, match threshold] (0: review every scored pair
                                        below the match threshold; equal: no review). Above
                                        the match threshold the review table is always empty.
      idstitch__match_comparisons       comparisons.sql checks column, levels and kinds; here:
                                        known keys, term_frequency a boolean, jaro_winkler in
                                        (0, 1], edit_distance a whole number >= 1
      idstitch__blocking_rules          comparisons.sql checks names and keys; here: known
                                        keys, train a boolean
      idstitch__match_vetoes, idstitch__max_block_size, idstitch__phone_default_region:
                                        their own macros check them (match_vetoes,
                                        max_block_size, phone_default_region) wherever read
      idstitch__cannot_link_levels      a mapping comparison -> [level names of it]
      idstitch__match_parameter_overrides  a list of {comparison, level, m_probability,
                                        u_probability}; em_overrides checks names and ranges
      idstitch__m_probabilities_from    deterministic_links or em
      idstitch__on_bad_records          quarantine or fail
      idstitch__em_tolerance            > 0;  idstitch__max_match_weight_drift >= 0 (bits)
      whole numbers >= 1                u_sample_pairs, max_em_iterations,
                                        max_records_per_value, max_names_per_value,
                                        placeholder_min_records, placeholder_max_values,
                                        max_clustering_passes, max_cluster_size,
                                        max_last_names_per_customer
      idstitch__placeholder_frequency_factor  a number >= 1 (below 1 every frequent value
                                        would open a gap)
      shares in [0, 1]                  max_id_churn_share, max_source_drop_share
      booleans                          postgres_jit, expose_pii, fixtures, require_secret_salt
      idstitch__earliest_record_time    a date (YYYY-MM-DD, optionally with a time) before today
      idstitch__pii_attributes, idstitch__acknowledged_source_drops: lists of names (not
                                        checked against the sources: a drop names a source
                                        that may be gone, and PII defaults name attributes a
                                        smaller set of sources may not have)
      idstitch__raw_schema              a string ("" = <target schema>_raw)
      idstitch__staging_materialization (no default in vars:) incremental_staging, table or view
      idstitch__max_clustering_rounds   renamed idstitch__max_clustering_passes: setting it fails
      idstitch__cc_benchmark_edges      none: a relation name only `idstitch benchmark` sets
    Checks across vars (review vs match threshold, cannot-link levels vs comparisons) are
    skipped while compiling a unit test, which overrides only the vars its model reads. -#}
{% macro validate_config(check_columns=true) -%}
    {%- set problems = [] -%}
    {%- if var('idstitch__max_clustering_rounds', none) is not none -%}
        {%- do problems.append("idstitch__max_clustering_rounds was renamed idstitch__max_clustering_passes (it caps the passes of the connected-components loop, not its rounds: the demo takes 5 rounds, 10 passes); set idstitch__max_clustering_passes instead (read by the connected_components models int_identity__key_clusters, int_identity__clusters)") -%}
    {%- endif -%}
    {%- do problems.extend(idstitch.config_value_problems()) -%}
    {%- do problems.extend(idstitch.identifier_type_problems()) -%}
    {%- do problems.extend(idstitch.matching_config_problems()) -%}
    {%- do problems.extend(idstitch.source_entry_problems(check_columns)) -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("idstitch vars (dbt_project.yml or --vars): " ~ problems | length ~ " problem" ~ ('s' if problems | length > 1 else '') ~ ":\n  - " ~ problems | join("\n  - ")) }}
    {%- endif -%}
{%- endmacro %}

{#- true while compiling a unit test: it overrides only the vars its model reads (a few
    comparisons, no cannot-link levels), so checks across vars are left to the build -#}
{% macro config_in_unit_test() -%}
    {{ return(model is mapping and model.get('resource_type') == 'unit_test') }}
{%- endmacro %}

{#- true for a number that is not a boolean (YAML true is a number to Jinja) -#}
{% macro config_is_number(value) -%}
    {{ return(value is number and value is not sameas true and value is not sameas false and value == value) }}
{%- endmacro %}

{#- true for a list (not a string, not a mapping) -#}
{% macro config_is_list(value) -%}
    {{ return(value is iterable and value is not string and value is not mapping) }}
{%- endmacro %}

{#- The problem with a number var, or none: `value` must lie between low and high (high none:
    no upper bound; *_open: the bound itself is excluded); whole: a whole number. -#}
{% macro config_number_problem(name, value, read_by, low, high=none, low_open=false, high_open=false, whole=false) -%}
    {%- if high is none -%}
        {%- set allowed = ('> ' if low_open else '>= ') ~ low -%}
    {%- else -%}
        {%- set allowed = 'in ' ~ ('(' if low_open else '[') ~ low ~ ', ' ~ high ~ (')' if high_open else ']') -%}
    {%- endif -%}
    {%- set allowed = ('a whole number ' if whole else 'a number ') ~ allowed -%}
    {%- set ok = idstitch.config_is_number(value) and (not whole or value == value | int)
        and (value > low if low_open else value >= low)
        and (high is none or (value < high if high_open else value <= high)) -%}
    {%- if ok -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set hint = '' -%}
    {%- if high == 1 and idstitch.config_is_number(value) and 1 < value <= 100 -%}
        {%- set hint = ' (a share, not a percentage: ' ~ value / 100 ~ ' for ' ~ value ~ '%)' -%}
    {%- elif whole and value is string -%}
        {%- set hint = ' (a YAML number, without quotes or thousands separators)' -%}
    {%- endif -%}
    {{ return(name ~ " must be " ~ allowed ~ ", not " ~ value ~ hint ~ "; read by " ~ read_by) }}
{%- endmacro %}

{#- Problems with the scalar vars (numbers, booleans, choices, dates, lists of names). -#}
{% macro config_value_problems() -%}
    {%- set problems = [] -%}
    {%- set numbers = [
        ('idstitch__min_edge_confidence', 'int_identity__key_edges, int_identity__match_records, int_identity__match_parameters', 0, 1, false, false, false),
        ('idstitch__match_threshold', 'int_identity__edges, int_identity__match_review', 0, 1, true, false, false),
        ('idstitch__match_review_threshold', 'int_identity__match_review', 0, 1, false, false, false),
        ('idstitch__em_tolerance', 'int_identity__match_parameters (EM)', 0, none, true, false, false),
        ('idstitch__max_match_weight_drift', 'test assert_match_parameters_are_stable', 0, none, false, false, false),
        ('idstitch__placeholder_frequency_factor', 'int_identity__record_attributes', 1, none, false, false, false),
        ('idstitch__max_id_churn_share', 'test assert_id_churn_below_threshold', 0, 1, false, false, false),
        ('idstitch__max_source_drop_share', 'test assert_no_source_shrank', 0, 1, false, false, false),
        ('idstitch__u_sample_pairs', 'int_identity__match_u_probabilities', 1, none, false, false, true),
        ('idstitch__max_em_iterations', 'int_identity__match_parameters (EM)', 1, none, false, false, true),
        ('idstitch__max_records_per_value', 'int_identity__rejected_values', 1, none, false, false, true),
        ('idstitch__max_names_per_value', 'int_identity__rejected_values', 1, none, false, false, true),
        ('idstitch__placeholder_min_records', 'int_identity__record_attributes', 1, none, false, false, true),
        ('idstitch__placeholder_max_values', 'int_identity__record_attributes', 1, none, false, false, true),
        ('idstitch__max_clustering_passes', 'the connected_components models int_identity__key_clusters, int_identity__clusters', 1, none, false, false, true),
        ('idstitch__max_cluster_size', 'test assert_no_cluster_above_size_cap', 1, none, false, false, true),
        ('idstitch__max_last_names_per_customer', 'test assert_customers_are_coherent', 1, none, false, false, true),
    ] -%}
    {%- for name, read_by, low, high, low_open, high_open, whole in numbers -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none -%}
            {%- set problem = idstitch.config_number_problem(name, value, read_by, low, high, low_open, high_open, whole) -%}
            {%- if problem %}{% do problems.append(problem) %}{% endif -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set match, review = var('idstitch__match_threshold', none), var('idstitch__match_review_threshold', none) -%}
    {%- if idstitch.config_is_number(match) and idstitch.config_is_number(review) and review > match and not idstitch.config_in_unit_test() -%}
        {%- do problems.append("idstitch__match_review_threshold (" ~ review ~ ") must be at most idstitch__match_threshold (" ~ match ~ "): int_identity__match_review keeps the pairs scored from the review threshold up to the match threshold, so above it the review table is always empty (equal thresholds switch review off)") -%}
    {%- endif -%}

    {%- set booleans = [
        ('idstitch__postgres_jit', "every model's pre-hook (idstitch.session_settings)"),
        ('idstitch__expose_pii', 'customers, idstitch.pii, test assert_no_raw_pii_in_marts'),
        ('idstitch__fixtures', 'dbt_project.yml (+enabled of the fixture seeds, models and tests)'),
        ('idstitch__require_secret_salt', 'on-run-start (idstitch.check_token_salt)'),
    ] -%}
    {%- for name, read_by in booleans -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none and value is not sameas true and value is not sameas false -%}
            {%- do problems.append(name ~ " must be true or false (a YAML boolean, without quotes), not " ~ value ~ "; read by " ~ read_by) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set choices = [
        ('idstitch__m_probabilities_from', 'int_identity__match_parameters', ['deterministic_links', 'em'], none),
        ('idstitch__reestimate_parameters', 'int_identity__match_parameters, int_identity__match_u_probabilities (idstitch.published_parameters)', ['every_run', 'on_full_refresh'], 'every_run'),
        ('idstitch__staging_materialization', 'dbt_project.yml (+materialized of the staging models)', ['incremental_staging', 'table', 'view'], 'incremental_staging'),
        ('idstitch__on_bad_records', 'int_identity__quarantined_records, test assert_no_quarantined_records', ['quarantine', 'fail'], none),
    ] -%}
    {%- for name, read_by, allowed, default in choices -%}
        {%- set value = var(name, default) -%}
        {%- if value is not none and value not in allowed -%}
            {%- do problems.append(name ~ " must be one of " ~ allowed | join(', ') ~ ", not " ~ value ~ "; read by " ~ read_by) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- a YAML date without quotes arrives as a date: its text is the same ISO date -#}
    {%- set earliest = var('idstitch__earliest_record_time', none) -%}
    {%- if earliest is not none -%}
        {%- set parts = modules.re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?', earliest | string) -%}
        {%- set valid = false -%}
        {%- if parts and 1 <= parts.group(2) | int <= 12 and 1 <= parts.group(3) | int <= 31 and parts.group(1) | int >= 1 -%}
            {%- set first = modules.datetime.date(parts.group(1) | int, parts.group(2) | int, 1) -%}
            {%- set day = first + modules.datetime.timedelta(days=parts.group(3) | int - 1) -%}
            {%- set valid = day.month == first.month and day < modules.datetime.date.today() -%}
        {%- endif -%}
        {%- if not valid -%}
            {%- do problems.append("idstitch__earliest_record_time must be a date before today, as YYYY-MM-DD (optionally with a time, YYYY-MM-DD HH:MM:SS), not " ~ earliest ~ "; read by idstitch.date_issue (the record times of int_identity__records, int_identity__identifiers, int_identity__record_attributes)") -%}
        {%- endif -%}
    {%- endif -%}

    {%- set name_lists = [
        ('idstitch__pii_attributes', 'customers (golden-record attribute names)'),
        ('idstitch__acknowledged_source_drops', 'test assert_no_source_shrank (source names)'),
    ] -%}
    {%- for name, read_by in name_lists -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none and (not idstitch.config_is_list(value) or value | reject('string') | list) -%}
            {%- do problems.append(name ~ " must be a list of names, e.g. [a, b] ([] for none), not " ~ value ~ "; read by " ~ read_by) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set raw_schema = var('idstitch__raw_schema', none) -%}
    {%- if raw_schema is not none and raw_schema is not string -%}
        {%- do problems.append("idstitch__raw_schema must be a schema name, or \"\" for <target schema>_raw, not " ~ raw_schema ~ "; read by the staging sources (_<source>__sources.yml)") -%}
    {%- endif -%}
    {{ return(problems) }}
{%- endmacro %}

{#- Problems with var idstitch__identifier_types: each type's own declaration. -#}
{% macro identifier_type_problems() -%}
    {%- set problems = [] -%}
    {%- set types = var('idstitch__identifier_types', none) -%}
    {%- set keys = ['confidence', 'shareable', 'format'] -%}
    {%- set read_by = 'int_identity__identifiers, int_identity__key_edges, int_identity__match_records' -%}
    {%- if types is not mapping or not types -%}
        {%- do problems.append("idstitch__identifier_types must be a mapping of at least one type, type -> {confidence, shareable, format}, not " ~ types ~ "; read by " ~ read_by) -%}
        {{ return(problems) }}
    {%- endif -%}
    {%- for name, spec in types.items() -%}
        {%- set label = "idstitch__identifier_types." ~ name -%}
        {%- if not modules.re.fullmatch('[a-z][a-z0-9_]*', name | string) -%}
            {%- do problems.append(label ~ ": a type name must be lower-case letters, digits and underscores (it is written into SQL); read by " ~ read_by) -%}
        {%- endif -%}
        {%- if spec is not mapping -%}
            {%- do problems.append(label ~ " must be a mapping with keys " ~ keys | join(', ') ~ " (e.g. {confidence: 0.9, shareable: true}), not " ~ spec ~ "; read by " ~ read_by) -%}
        {%- else -%}
            {%- for key in spec if key not in keys -%}
                {%- do problems.append(label ~ ": unknown key '" ~ key ~ "' (keys: " ~ keys | join(', ') ~ "); read by " ~ read_by) -%}
            {%- endfor -%}
            {%- if 'confidence' in spec -%}
                {%- set problem = idstitch.config_number_problem(label ~ ".confidence", spec.confidence, read_by, 0, 1, true) -%}
                {%- if problem %}{% do problems.append(problem) %}{% endif -%}
            {%- endif -%}
            {%- if 'shareable' in spec and spec.shareable is not sameas true and spec.shareable is not sameas false and spec.shareable != 'family' -%}
                {%- do problems.append(label ~ ".shareable must be true (households share it), false (one person's) or family (a family may share it), not " ~ spec.shareable ~ ('' if spec.shareable is not string else ' (a YAML boolean or family, without quotes)') ~ "; read by " ~ read_by) -%}
            {%- endif -%}
            {%- if 'format' in spec and (spec.format is not string or not spec.format) -%}
                {%- do problems.append(label ~ ".format must be a non-empty pattern (a regular expression every value must match in full), not " ~ spec.format ~ "; read by idstitch.identifier_format (int_identity__identifiers, int_identity__normalization_issues)") -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}

{#- Problems with the matching vars that their own macros (comparisons.sql,
    match_parameters.sql) do not check: unknown keys, booleans, level thresholds, the
    cannot-link levels and the overrides' shape. -#}
{% macro matching_config_problems() -%}
    {%- set problems = [] -%}
    {%- set comparisons = var('idstitch__match_comparisons', {}) -%}
    {%- set comparison_keys = ['column', 'levels', 'term_frequency'] -%}
    {%- set read_by = 'int_identity__match_scores and the matching models' -%}
    {%- if comparisons is not mapping -%}
        {%- do problems.append("idstitch__match_comparisons must be a mapping name -> {column, levels, term_frequency}, not " ~ comparisons ~ "; read by " ~ read_by) -%}
        {%- set comparisons = {} -%}
    {%- endif -%}
    {%- for name, spec in comparisons.items() if spec is mapping -%}
        {%- set label = "idstitch__match_comparisons." ~ name -%}
        {%- for key in spec if key not in comparison_keys -%}
            {%- do problems.append(label ~ ": unknown key '" ~ key ~ "' (keys: " ~ comparison_keys | join(', ') ~ "); read by " ~ read_by) -%}
        {%- endfor -%}
        {%- if 'term_frequency' in spec and spec.term_frequency is not sameas true and spec.term_frequency is not sameas false -%}
            {%- do problems.append(label ~ ".term_frequency must be true or false, not " ~ spec.term_frequency ~ "; read by " ~ read_by) -%}
        {%- endif -%}
        {%- for level in spec.get('levels') or [] if level is mapping and level | length == 1 -%}
            {%- if 'jaro_winkler' in level -%}
                {%- set problem = idstitch.config_number_problem(label ~ ": level jaro_winkler", level.jaro_winkler, read_by, 0, 1, true) -%}
            {%- elif 'edit_distance' in level -%}
                {%- set problem = idstitch.config_number_problem(label ~ ": level edit_distance", level.edit_distance, read_by, 1, none, false, false, true) -%}
            {%- else -%}
                {%- set problem = none -%}
            {%- endif -%}
            {%- if problem %}{% do problems.append(problem) %}{% endif -%}
        {%- endfor -%}
    {%- endfor -%}

    {%- set rules = var('idstitch__blocking_rules', []) -%}
    {%- set rule_keys = ['name', 'keys', 'train'] -%}
    {%- if not idstitch.config_is_list(rules) -%}
        {%- do problems.append("idstitch__blocking_rules must be a list of {name, keys, train} ([] switches probabilistic matching off), not " ~ rules ~ "; read by int_identity__match_blocks, int_identity__match_pairs") -%}
        {%- set rules = [] -%}
    {%- endif -%}
    {%- for rule in rules if rule is mapping -%}
        {%- set label = "idstitch__blocking_rules rule '" ~ rule.get('name', loop.index) ~ "'" -%}
        {%- for key in rule if key not in rule_keys -%}
            {%- do problems.append(label ~ ": unknown key '" ~ key ~ "' (keys: " ~ rule_keys | join(', ') ~ "); read by int_identity__match_blocks, int_identity__match_pairs") -%}
        {%- endfor -%}
        {%- if 'train' in rule and rule.train is not sameas true and rule.train is not sameas false -%}
            {%- do problems.append(label ~ ": train must be true or false, not " ~ rule.train ~ "; read by int_identity__match_parameters") -%}
        {%- endif -%}
    {%- endfor -%}

    {#- level names come from match_comparisons(), which checks the comparisons themselves -#}
    {%- set contrary = var('idstitch__cannot_link_levels', {}) -%}
    {%- if contrary is not mapping -%}
        {%- do problems.append("idstitch__cannot_link_levels must be a mapping comparison -> [levels], not " ~ contrary ~ "; read by int_identity__never_links") -%}
    {%- elif contrary and comparisons and not idstitch.config_in_unit_test() -%}
        {%- set levels = {} -%}
        {%- for comparison in idstitch.match_comparisons() -%}
            {%- do levels.update({comparison.name: idstitch.comparison_level_names(comparison)}) -%}
        {%- endfor -%}
        {%- for name, names in contrary.items() -%}
            {%- if name not in levels -%}
                {%- do problems.append("idstitch__cannot_link_levels: unknown comparison '" ~ name ~ "' (comparisons: " ~ levels.keys() | sort | join(', ') ~ "); read by int_identity__never_links") -%}
            {%- elif not idstitch.config_is_list(names) or not names -%}
                {%- do problems.append("idstitch__cannot_link_levels." ~ name ~ " must be a list of its levels (" ~ levels[name] | join(', ') ~ "), not " ~ names ~ "; read by int_identity__never_links") -%}
            {%- else -%}
                {%- for level in names if level not in levels[name] -%}
                    {%- do problems.append("idstitch__cannot_link_levels." ~ name ~ ": no level '" ~ level ~ "' (levels: " ~ levels[name] | join(', ') ~ "); read by int_identity__never_links") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

    {%- set overrides = var('idstitch__match_parameter_overrides', []) -%}
    {%- set override_keys = ['comparison', 'level', 'm_probability', 'u_probability'] -%}
    {%- if not idstitch.config_is_list(overrides) -%}
        {%- do problems.append("idstitch__match_parameter_overrides must be a list of {comparison, level, m_probability, u_probability}, not " ~ overrides ~ "; read by int_identity__match_parameters") -%}
        {%- set overrides = [] -%}
    {%- endif -%}
    {%- for entry in overrides -%}
        {%- set position = loop.index -%}
        {%- set unknown = entry | reject('in', override_keys) | list if entry is mapping else [] -%}
        {%- for key in unknown -%}
            {%- do problems.append("idstitch__match_parameter_overrides entry " ~ position ~ ": unknown key '" ~ key ~ "' (keys: " ~ override_keys | join(', ') ~ "); read by int_identity__match_parameters") -%}
        {%- endfor -%}
        {%- if not unknown and (entry is not mapping or 'm_probability' not in entry and 'u_probability' not in entry) -%}
            {%- do problems.append("idstitch__match_parameter_overrides entry " ~ position ~ " must be {comparison, level, m_probability and/or u_probability}, not " ~ entry ~ "; read by int_identity__match_parameters") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}

{#- Problems with the entries of var idstitch__sources beyond the keys identity_sources()
    requires: unknown keys, the shape of identifiers and attributes, and (when executing)
    every column an entry names, against its built staging model. -#}
{% macro source_entry_problems(check_columns=true) -%}
    {%- set problems = [] -%}
    {%- set sources = var('idstitch__sources', none) -%}
    {%- set entry_keys = ['source', 'model', 'record_id', 'created_at', 'updated_at', 'first_name',
                          'generation_suffix', 'deleted_flag', 'identifiers', 'attributes'] -%}
    {%- set identifier_keys = ['type', 'column', 'issue_column'] -%}
    {%- if not idstitch.config_is_list(sources) or not sources -%}
        {%- do problems.append("idstitch__sources must be a list of at least one entry {" ~ entry_keys | join(', ') ~ "}, not " ~ sources ~ "; read by int_identity__records, int_identity__identifiers, int_identity__record_attributes") -%}
        {{ return(problems) }}
    {%- endif -%}
    {%- for entry in sources -%}
        {%- if entry is not mapping -%}
            {%- do problems.append("idstitch__sources entry " ~ loop.index ~ " must be a mapping {" ~ entry_keys | join(', ') ~ "}, not " ~ entry) -%}
        {%- else -%}
            {%- set label = "idstitch__sources entry '" ~ entry.get('source', loop.index) ~ "' (model " ~ entry.get('model') ~ ")" -%}
            {%- for key in entry if key not in entry_keys -%}
                {%- do problems.append(label ~ ": unknown key '" ~ key ~ "' (keys: " ~ entry_keys | join(', ') ~ ")") -%}
            {%- endfor -%}
            {%- if entry.get('source') is not none and not modules.re.fullmatch('[A-Za-z0-9_]+', entry.source | string) -%}
                {%- do problems.append(label ~ ": a source name must be letters, digits and underscores (it starts every record key, '<source>:<record id>'), not '" ~ entry.source ~ "'") -%}
            {%- endif -%}
            {#- (column, where the entry names it) pairs -#}
            {%- set named = [] -%}
            {%- for key in ['record_id', 'created_at', 'updated_at', 'first_name', 'generation_suffix', 'deleted_flag'] if entry.get(key) is not none -%}
                {%- do named.append((entry[key], key)) -%}
            {%- endfor -%}
            {%- set identifiers = entry.get('identifiers') or [] -%}
            {%- if not idstitch.config_is_list(identifiers) -%}
                {%- do problems.append(label ~ ": identifiers must be a list of {type, column, issue_column}, not " ~ identifiers) -%}
                {%- set identifiers = [] -%}
            {%- endif -%}
            {%- for identifier in identifiers -%}
                {%- set where = 'identifiers[' ~ loop.index0 ~ ']' -%}
                {%- if identifier is not mapping or not identifier.get('column') -%}
                    {%- do problems.append(label ~ ": " ~ where ~ " must be {type, column, issue_column (optional)}, not " ~ identifier) -%}
                {%- else -%}
                    {%- for key in identifier if key not in identifier_keys -%}
                        {%- do problems.append(label ~ ": " ~ where ~ " has unknown key '" ~ key ~ "' (keys: " ~ identifier_keys | join(', ') ~ ")") -%}
                    {%- endfor -%}
                    {%- set declared = var('idstitch__identifier_types', {}) -%}
                    {#- a unit test may declare only the types its rows use -#}
                    {%- if declared is mapping and identifier.get('type') not in declared and not idstitch.config_in_unit_test() -%}
                        {%- do problems.append(label ~ ": " ~ where ~ ".type '" ~ identifier.get('type') ~ "' is not declared in idstitch__identifier_types (declared: " ~ declared.keys() | sort | join(', ') ~ ")") -%}
                    {%- endif -%}
                    {%- do named.append((identifier.column, where ~ '.column')) -%}
                    {%- if identifier.get('issue_column') is not none -%}
                        {%- do named.append((identifier.issue_column, where ~ '.issue_column')) -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set attributes = entry.get('attributes') or {} -%}
            {%- if attributes is not mapping -%}
                {%- do problems.append(label ~ ": attributes must be a mapping attribute -> column ({} for none), not " ~ attributes) -%}
                {%- set attributes = {} -%}
            {%- endif -%}
            {%- for attribute, column in attributes.items() -%}
                {%- if not modules.re.fullmatch('[a-z][a-z0-9_]*', attribute | string) -%}
                    {%- do problems.append(label ~ ": attribute name '" ~ attribute ~ "' must be lower-case letters, digits and underscores (it names columns of customers)") -%}
                {%- endif -%}
                {%- do named.append((column, 'attributes.' ~ attribute)) -%}
            {%- endfor -%}
            {%- for column, where in named if column is not string or not column -%}
                {%- do problems.append(label ~ ": " ~ where ~ " must name a column of " ~ entry.get('model') ~ ", not " ~ column) -%}
            {%- endfor -%}

            {#- the built staging model's columns, in the models that read it (it is built
                before them); a model not built yet (a first compile) has none: not checked -#}
            {%- if execute and check_columns and entry.get('model') is string -%}
                {%- set nodes = [] -%}
                {%- for unique_id in (model.get('depends_on', {}).get('nodes', []) if model is mapping else [])
                    if unique_id in graph.nodes and graph.nodes[unique_id].name == entry.model -%}
                    {%- do nodes.append(graph.nodes[unique_id]) -%}
                {%- endfor -%}
                {%- set built = [] -%}
                {%- if nodes -%}
                    {%- set relation = api.Relation.create(database=nodes[0].database, schema=nodes[0].schema, identifier=nodes[0].alias) -%}
                    {%- set built = adapter.get_columns_in_relation(relation) -%}
                {%- endif -%}
                {%- set columns = built | map(attribute='name') | list -%}
                {%- set lowered = columns | map('lower') | list -%}
                {%- for column, where in named if columns and column is string and column and column | lower not in lowered -%}
                    {%- do problems.append(label ~ ": column '" ~ column ~ "' (" ~ where ~ ") is not a column of " ~ entry.model ~ "; its columns are: " ~ lowered | join(', ')) -%}
                {%- endfor -%}
                {#- a soft-delete flag is a boolean: a timestamp or a text column would fail deep in
                    every reader of the source -#}
                {%- for column in built if entry.get('deleted_flag') is string and column.name | lower == entry.deleted_flag | lower and column.data_type | lower not in ['boolean', 'bool'] -%}
                    {%- do problems.append(label ~ ": deleted_flag column '" ~ column.name ~ "' must be a boolean (true: the source marks the record deleted), not " ~ column.data_type ~ "; derive one in " ~ entry.model ~ ", e.g. deleted_at is not null as is_deleted") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}
