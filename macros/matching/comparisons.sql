{#- Probabilistic matching configuration (vars idstitch__match_comparisons and
    idstitch__blocking_rules), validated at compile time with errors that name the bad entry.

    A comparison compares one column of int_identity__match_records between two records and
    returns a level number: 0 when either side is NULL (no evidence, weight 0), 1..k for the
    configured levels in order (the first that holds wins), k + 1 for 'else'. -#}


{#- The comparisons, sorted by name: [{name, column, term_frequency, levels: [{kind, value,
    name}], swapped}], swapped being the comparison's one swapped level, or none. -#}
{% macro match_comparisons() -%}
    {%- set out = [] -%}
    {%- set kinds = ['exact', 'jaro_winkler', 'edit_distance', 'partial_date', 'email_local_part', 'swapped'] -%}
    {%- for name, spec in var('idstitch__match_comparisons', {}) | dictsort -%}
        {%- if not spec.get('column') -%}
            {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ " has no 'column'") }}
        {%- endif -%}
        {%- if not spec.get('levels') -%}
            {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ " has no 'levels'") }}
        {%- endif -%}
        {%- set levels = [] -%}
        {%- for level in spec.levels -%}
            {%- if level is string -%}
                {%- set kind, value = level, none -%}
            {%- elif level is mapping and level | length == 1 -%}
                {%- set kind = (level.keys() | list)[0] -%}
                {%- set value = level[kind] -%}
            {%- else -%}
                {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ ": level " ~ level ~ " is neither a kind nor {kind: threshold}") }}
            {%- endif -%}
            {%- if kind not in kinds -%}
                {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ ": unknown level kind '" ~ kind ~ "' (known: " ~ kinds | join(', ') ~ ")") }}
            {%- endif -%}
            {%- if kind in ['jaro_winkler', 'edit_distance'] and value is not number -%}
                {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ ": level " ~ kind ~ " needs a number, e.g. {" ~ kind ~ ": 0.9}") }}
            {%- endif -%}
            {%- if kind == 'swapped' and value is not string -%}
                {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ ": level swapped needs the column the value trades places with, e.g. {swapped: last_name}") }}
            {%- endif -%}
            {%- if value is none -%}
                {%- set level_name = kind -%}
            {%- elif kind == 'swapped' -%}
                {%- set level_name = 'swapped with ' ~ value -%}
            {%- else -%}
                {%- set level_name = kind ~ (' >= ' if kind == 'jaro_winkler' else ' <= ') ~ value -%}
            {%- endif -%}
            {%- do levels.append({'kind': kind, 'value': value, 'name': level_name}) -%}
        {%- endfor -%}
        {%- set swapped = levels | selectattr('kind', 'equalto', 'swapped') | list -%}
        {%- if swapped | length > 1 -%}
            {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ ": one swapped level at most") }}
        {%- endif -%}
        {%- if swapped and levels[0].kind != 'exact' -%}
            {{ exceptions.raise_compiler_error("idstitch__match_comparisons." ~ name ~ ": a swapped level weighs as the exact level, so exact must be the first level") }}
        {%- endif -%}
        {%- do out.append({'name': name, 'column': spec.column, 'levels': levels,
                           'term_frequency': spec.get('term_frequency', false),
                           'swapped': swapped[0] if swapped else none}) -%}
    {%- endfor -%}
    {%- if not out -%}
        {{ exceptions.raise_compiler_error("idstitch__match_comparisons is empty: probabilistic matching needs at least one comparison (set idstitch__blocking_rules: [] to switch it off)") }}
    {%- endif -%}
    {{ return(out) }}
{%- endmacro %}

{#- Level names of a comparison, indexed by level number (0 = null, last = else). -#}
{% macro comparison_level_names(comparison) -%}
    {{ return(['null'] + comparison.levels | map(attribute='name') | list + ['else']) }}
{%- endmacro %}

{#- SQL: one row per level of every configured comparison (comparison, comparison_level,
    level_name), level 0 ('null') to the last ('else'), a union of literal selects. -#}
{% macro comparison_level_rows() -%}
    {%- for comparison in idstitch.match_comparisons() %}
    {%- set names = idstitch.comparison_level_names(comparison) %}
    {%- for name in names %}
    select '{{ comparison.name }}' as comparison, {{ loop.index0 }} as comparison_level, '{{ name }}' as level_name
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- SQL select-list entries: what a comparison's levels are decided on, for the records
    aliased a and b: <name>_a, <name>_b, each fuzzy similarity its levels use, computed once
    per pair (and only for values that differ): <name>_jaro_winkler, <name>_edit_distance,
    and for a swapped level the other column of both records: <name>_swap_a, <name>_swap_b. -#}
{% macro comparison_inputs(comparison, a_alias, b_alias) -%}
    {%- set kinds = comparison.levels | map(attribute='kind') | list -%}
    {%- set a = a_alias ~ '.' ~ comparison.column -%}
    {%- set b = b_alias ~ '.' ~ comparison.column -%}
    {{ a }} as {{ comparison.name }}_a,
    {{ b }} as {{ comparison.name }}_b
    {%- if comparison.swapped %},
    {{ a_alias }}.{{ comparison.swapped.value }} as {{ comparison.name }}_swap_a,
    {{ b_alias }}.{{ comparison.swapped.value }} as {{ comparison.name }}_swap_b
    {%- endif %}
    {%- if 'jaro_winkler' in kinds %},
    {#- rounded so both targets put a pair on the same side of a band edge #}
    case
        when {{ a }} <> {{ b }}
            then cast({{ idstitch.jaro_winkler(a, b) }} as {{ dbt.type_numeric() }})
    end as {{ comparison.name }}_jaro_winkler
    {%- endif %}
    {%- if 'edit_distance' in kinds %},
    case when {{ a }} <> {{ b }} then {{ idstitch.edit_distance(a, b) }} end as {{ comparison.name }}_edit_distance
    {%- endif %}
{%- endmacro %}

{#- SQL: the level number of `comparison`, from the columns comparison_inputs made (in the
    relation `alias`). -#}
{% macro comparison_level(comparison, alias) -%}
    {%- set a = alias ~ '.' ~ comparison.name ~ '_a' -%}
    {%- set b = alias ~ '.' ~ comparison.name ~ '_b' -%}
    case
        when {{ a }} is null or {{ b }} is null then 0
        {%- for level in comparison.levels %}
        when {{ idstitch.comparison_level_holds(level, a, b, alias ~ '.' ~ comparison.name) }} then {{ loop.index }}
        {%- endfor %}
        else {{ comparison.levels | length + 1 }}
    end
{%- endmacro %}

{% macro comparison_level_holds(level, a, b, prefix) -%}
    {%- if level.kind == 'exact' -%}
        {{ a }} = {{ b }}
    {%- elif level.kind == 'jaro_winkler' -%}
        {{ prefix }}_jaro_winkler >= {{ level.value }}
    {%- elif level.kind == 'edit_distance' -%}
        {{ prefix }}_edit_distance <= {{ level.value }}
    {%- elif level.kind == 'partial_date' -%}
        {#- ISO dates: two of year, month and day agree, day and month are swapped, or one is
            January 1st of the other's year (a vendor that knows only the year writes 01-01) -#}
        (
            (case when substr({{ a }}, 1, 4) = substr({{ b }}, 1, 4) then 1 else 0 end
             + case when substr({{ a }}, 6, 2) = substr({{ b }}, 6, 2) then 1 else 0 end
             + case when substr({{ a }}, 9, 2) = substr({{ b }}, 9, 2) then 1 else 0 end) >= 2
            or (
                substr({{ a }}, 1, 4) = substr({{ b }}, 1, 4)
                and substr({{ a }}, 6, 2) = substr({{ b }}, 9, 2)
                and substr({{ a }}, 9, 2) = substr({{ b }}, 6, 2)
            )
            or (
                substr({{ a }}, 1, 4) = substr({{ b }}, 1, 4)
                and (substr({{ a }}, 6, 5) = '01-01' or substr({{ b }}, 6, 5) = '01-01')
            )
        )
    {%- elif level.kind == 'email_local_part' -%}
        {{ dbt.split_part(a, "'@'", 1) }} = {{ dbt.split_part(b, "'@'", 1) }}
    {%- elif level.kind == 'swapped' -%}
        {#- first and last name traded places: a's value is b's other column and vice versa -#}
        ({{ a }} = {{ prefix }}_swap_b and {{ prefix }}_swap_a = {{ b }})
    {%- endif -%}
{%- endmacro %}

{#- The blocking rules: [{name, keys: [{column, prefix, other}], train}]. A key is a
    match-record column, 'column[:n]' for its first n characters, or 'column>other': one
    record's column equal to the other record's other column, whichever record of the pair
    it is (names swapped: first_name_key>last_name with last_name>first_name_key). train:
    false keeps EM off the rule's pairs (its pairs are still scored). A name that is no
    identifier, a prefix below 1, a missing name or keys, or a name used twice fails
    compilation. -#}
{% macro blocking_rules() -%}
    {%- set out = [] -%}
    {%- set names = [] -%}
    {%- for rule in var('idstitch__blocking_rules', []) -%}
        {%- if not rule.get('name') or not rule.get('keys') -%}
            {{ exceptions.raise_compiler_error("idstitch__blocking_rules entry " ~ loop.index ~ " needs a name and keys: " ~ rule) }}
        {%- endif -%}
        {%- if rule.name in names -%}
            {{ exceptions.raise_compiler_error("idstitch__blocking_rules names rule '" ~ rule.name ~ "' twice") }}
        {%- endif -%}
        {%- if not modules.re.fullmatch('[a-z_][a-z0-9_]*', rule.name | string) -%}
            {{ exceptions.raise_compiler_error("idstitch__blocking_rules: rule name '" ~ rule.name ~ "' must be lower-case letters, digits and underscores (it names columns: in_<rule>)") }}
        {%- endif -%}
        {%- do names.append(rule.name) -%}
        {%- set keys = [] -%}
        {%- for key in rule.get('keys') -%}
            {%- set other = key.split('>')[1] if '>' in key else none -%}
            {%- set key = key.split('>')[0] -%}
            {%- if '[:' in key -%}
                {%- set column = key.split('[:')[0] -%}
                {%- set prefix_text = key.split('[:')[1].rstrip(']') -%}
                {%- if not modules.re.fullmatch('[1-9][0-9]*', prefix_text) -%}
                    {{ exceptions.raise_compiler_error("idstitch__blocking_rules rule '" ~ rule.name ~ "': key '" ~ key ~ "' needs a prefix length of at least 1, as in column[:1]") }}
                {%- endif -%}
                {%- set prefix = prefix_text | int -%}
            {%- else -%}
                {%- set column, prefix = key, none -%}
            {%- endif -%}
            {%- do keys.append({'column': column, 'prefix': prefix, 'other': other}) -%}
        {%- endfor -%}
        {%- do out.append({'name': rule.name, 'keys': keys, 'train': rule.get('train', true)}) -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}

{#- var idstitch__max_block_size, checked: a whole number of records, at least 2 (a block of
    one makes no pair). Anything else fails compilation rather than skip every block. -#}
{% macro max_block_size() -%}
    {%- set value = var('idstitch__max_block_size') -%}
    {%- if value is not number or value is sameas true or value is sameas false or value != value | int or value < 2 -%}
        {{ exceptions.raise_compiler_error("idstitch__max_block_size must be a whole number of records, at least 2 (no thousands separators), not " ~ value) }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}

{#- SQL: the blocking key value of one record (alias); the second record of a pair (side 'b')
    reads a cross key's other column -#}
{% macro blocking_key(key, alias, side='a') -%}
    {%- set column = key.other if side == 'b' and key.other else key.column -%}
    {%- if key.prefix -%}
        substr({{ alias }}.{{ column }}, 1, {{ key.prefix }})
    {%- else -%}
        {{ alias }}.{{ column }}
    {%- endif -%}
{%- endmacro %}

{#- SQL: one record's block under a rule, as text: its key values joined by '|' (NULL when
    any key is NULL: such a record is in no block). Side 'a' reads the rule's own columns,
    side 'b' a cross key's other column, so a pair shares a block exactly when the rule holds
    for (a, b). -#}
{% macro blocking_block_key(rule, alias, side='a') -%}
    {%- for key in rule['keys'] -%}
        cast({{ idstitch.blocking_key(key, alias, side) }} as {{ dbt.type_string() }}){% if not loop.last %} || '|' || {% endif %}
    {%- endfor -%}
{%- endmacro %}

{#- Post-hook of int_identity__match_blocks: warn when blocks were skipped for holding more
    than idstitch__max_block_size records: how many per rule and the largest sizes (never
    the key values: they are names and dates; the table has them). Returns no SQL. -#}
{% macro log_skipped_blocks(relation) -%}
    {%- if execute -%}
        {%- set skipped = run_query("select blocking_rule, greatest(records_a, records_b) as records, comparisons from " ~ relation ~ " where is_skipped order by comparisons desc, blocking_rule, records desc") -%}
        {%- if skipped.rows | length > 0 -%}
            {%- set total = skipped.columns[2].values() | sum -%}
            {%- set largest = [] -%}
            {%- for row in skipped.rows[:5] -%}
                {%- do largest.append(row[0] ~ ": " ~ row[1] ~ " records") -%}
            {%- endfor -%}
            {%- do exceptions.warn(relation.identifier ~ ": skipped " ~ skipped.rows | length ~ " blocks above idstitch__max_block_size = " ~ idstitch.max_block_size() ~ " records (" ~ total ~ " comparisons not made); largest: " ~ largest | join(', ')) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Is the rule symmetric (no cross key): both records of a pair read the same columns? -#}
{% macro blocking_rule_is_symmetric(rule) -%}
    {{ return(rule['keys'] | selectattr('other') | list | length == 0) }}
{%- endmacro %}

{#- Does a blocking rule use the column a comparison compares? Such a comparison says little
    among that rule's pairs, so EM does not learn it there (as Splink does). -#}
{% macro rule_constrains(rule, comparison) -%}
    {{ return(comparison.column in rule['keys'] | map(attribute='column') | list
              or comparison.column in rule['keys'] | map(attribute='other') | list) }}
{%- endmacro %}

{#- The columns int_identity__match_records must carry: every compared or blocked column. -#}
{% macro match_columns() -%}
    {%- set columns = [] -%}
    {%- for comparison in idstitch.match_comparisons() -%}
        {%- if comparison.column not in columns %}{% do columns.append(comparison.column) %}{% endif -%}
        {%- if comparison.swapped and comparison.swapped.value not in columns -%}
            {%- do columns.append(comparison.swapped.value) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for rule in idstitch.blocking_rules() -%}
        {%- for key in rule['keys'] -%}
            {%- if key.column not in columns %}{% do columns.append(key.column) %}{% endif -%}
            {%- if key.other and key.other not in columns %}{% do columns.append(key.other) %}{% endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(columns | sort) }}
{%- endmacro %}

{#- Weight of one comparison level, in bits: log2(m / u), with m and u floored so that a
    level never seen is a large finite weight, not a division by zero. -#}
{% macro match_weight(m, u) -%}
    ln(greatest({{ m }}, 1e-6) / greatest({{ u }}, 1e-9)) / ln(2)
{%- endmacro %}

{#- Bits -> probability, clamped so Postgres's power() cannot overflow. -#}
{% macro bits_to_probability(bits) -%}
    1.0 / (1.0 + power(2.0, -least(greatest({{ bits }}, -60.0), 60.0)))
{%- endmacro %}

{#- The contradictions of var idstitch__match_vetoes: a list of {comparison: [level names]}
    patterns, each vetoing a pair where every comparison it names is at one of its levels
    (a single mapping is read as one pattern per comparison, as before). Errors name an
    unknown comparison or level. -#}
{% macro match_vetoes() -%}
    {%- set configured = var('idstitch__match_vetoes', []) -%}
    {%- if configured is mapping -%}
        {%- set patterns = [] -%}
        {%- for comparison, levels in configured | dictsort -%}
            {%- do patterns.append({comparison: levels}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- set patterns = configured -%}
    {%- endif -%}
    {%- set comparisons = {} -%}
    {%- for comparison in idstitch.match_comparisons() -%}
        {%- do comparisons.update({comparison.name: idstitch.comparison_level_names(comparison)}) -%}
    {%- endfor -%}
    {%- for pattern in patterns -%}
        {%- if pattern is not mapping or not pattern -%}
            {{ exceptions.raise_compiler_error("idstitch__match_vetoes: each entry is {comparison: [levels]}, not " ~ pattern) }}
        {%- endif -%}
        {%- for comparison, levels in pattern.items() -%}
            {%- if comparison not in comparisons -%}
                {{ exceptions.raise_compiler_error("idstitch__match_vetoes: unknown comparison " ~ comparison ~ " (comparisons: " ~ comparisons.keys() | sort | join(', ') ~ ")") }}
            {%- endif -%}
            {%- for level in levels if level not in comparisons[comparison] -%}
                {{ exceptions.raise_compiler_error("idstitch__match_vetoes: comparison " ~ comparison ~ " has no level '" ~ level ~ "' (levels: " ~ comparisons[comparison] | join(', ') ~ ")") }}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(patterns) }}
{%- endmacro %}
