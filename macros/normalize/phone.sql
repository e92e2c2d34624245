{#- Read a phone number the way libphonenumber does, driven by its metadata in two seeds
    (`phone_regions`, `phone_calling_codes`; written by `idstitch phone-seeds`).

    Shape: `column` is SQL text; `region` is SQL giving the ISO 3166-1 alpha-2 region a number
    written nationally belongs to (a literal like "'GB'" or a source column); by default the
    var idstitch__phone_default_region. Returns text: the E.164 form ('+4915123456789'), or
    the reason it has none: 'invalid_format' or 'placeholder' (the national number is one
    digit repeated); NULL for NULL or blank input.

    Steps, as libphonenumber's parser takes them:
    1. Fold the value to ASCII (transliterate: full-width and Arabic-Indic digits, Unicode
       spaces and dashes). The number starts at the first digit; it is international when a
       '+' comes before that digit. It ends at the first character that is not a digit,
       space or one of ( ) . / - : whatever follows ('x12', 'ext. 12', '#12', ';ext=12',
       ', 12', a comment) is an extension or a note, and is cut off, never appended.
    2. A number without '+' that starts with the region's international dialling prefix
       ('011' in the US) or with '00' (ITU-T's recommended prefix, how most of the world
       writes a number from abroad) is international; any other is national and gets the
       region's calling code. An unknown or NULL region reads only international numbers.
    3. The calling code is the 1 to 3 leading digits that are one (calling codes form a
       prefix code). The national (trunk) prefix is stripped from what follows, whether the
       number was written nationally or not: '+44 (0)20 7946 0123' -> '+442079460123',
       '+49 (0) 151 2345 6789' -> '+4915123456789'; a plan's transform rule replaces it
       where libphonenumber has one (Argentina's mobile '15', Brazil's carrier codes). A
       prefix is kept when the number only matches its plan with it (Italy's leading 0).
    4. The national number must match its plan's pattern (libphonenumber's general
       description) and the whole number have at most 15 digits (E.164).
    Not done: vanity letters (1-800-FLOWERS is invalid_format), per-type validity.
    5. A number written nationally that starts with the region's own calling code is read
       without it when that is what fits the plan ('7 898 340 4460' in Russia).
    Two paths, one result: when the region is known as the model compiles (the default, or a
    literal like "'GB'"), the region's plans are read from the seeds then and written into the
    SQL as literals (phone_parse_in_region), so each pattern compiles once per query; numbers
    with another calling code, and a region given as a column, take phone_parse_with_seeds,
    which joins the seeds row by row (DuckDB compiles a joined pattern per row: 20,000 US
    numbers in 2.3 s that way, 0.18 s with literals). test_phone.py checks both against
    libphonenumber. Pass `column` and `region` qualified with their table alias: inside the
    parse, a bare `region` would name the seed's column. Each step is a derived table ending
    in `offset 0` (or `limit 1`) so Postgres evaluates it once instead of inlining it into
    every reference (3,000 numbers: 145 s inlined, 5 s not). -#}
{% macro parse_phone(column, region=none) -%}
    {%- set column = idstitch.as_text(column) -%}
    {%- set region_literal = idstitch.phone_default_region() if region is none
        else (region[1:-1] if modules.re.fullmatch("'[A-Z]{2}'", region) else none) -%}
    {%- set plan = idstitch.phone_plan_literals(region_literal) if region_literal else none -%}
    {%- if plan -%}
    {{ idstitch.phone_parse_in_region(column, plan) }}
    {%- else -%}
    {{ idstitch.phone_parse_with_seeds(column, region) }}
    {%- endif -%}
{%- endmacro %}

{#- parse_phone for any region, the region given as SQL (a literal or a column): every step
    joins the seeds. Patterns that come from a join are compiled per row (DuckDB: ~0.15 ms
    for +1's), so parse_phone reads the numbers of a known region with literals instead
    (phone_parse_in_region) and sends only the rest here. -#}
{% macro phone_parse_with_seeds(column, region=none) -%}
    {%- set region_sql = region if region is not none
        else "'" ~ idstitch.phone_default_region() ~ "'" -%}
    {%- set text = idstitch.phone_text(column) -%}
    {#- the region's own international prefix first (alternation takes the first that fits);
        a calling code never starts with 0, so a 0 after it means it was no dialling prefix -#}
    {%- set dialling_prefix = "'^(?:(?:' || coalesce(home.international_prefix, '00') || ')|00)([1-9])'" -%}
    {%- set split_plan = {'national_prefix_for_parsing': 'split.national_prefix_for_parsing',
                          'national_prefix_transform_rule': 'split.national_prefix_transform_rule',
                          'national_prefix_last_group': 'split.national_prefix_last_group',
                          'pattern': 'split.plan_pattern', 'lengths': 'split.plan_lengths',
                          'max_length': 'split.plan_max_length'} -%}
    case
        when nullif(trim({{ column }}), '') is null then null
        else coalesce((
            select
                case
                    {{ idstitch.phone_verdict('parsed.national', 'parsed.calling_code', 'parsed.pattern', 'parsed.lengths') }}
                end
            from (
                select
                    split.calling_code,
                    split.pattern,
                    {#- lengths of the plan's own region (a 7-digit number is possible in Canada,
                        not in the US); the code's union for non-geographic codes -#}
                    coalesce(split.plan_lengths, split.lengths) as lengths,
                    {{ idstitch.phone_national_reading('split.rest', split_plan, 'split.calling_code',
                                                       'split.written_nationally') }} as national
                from (
                    {#- the digits after the calling code, read with the plan of the region the
                        number was written in: the given region for a national number, else the
                        calling code's main region -#}
                    select
                        coded.calling_code,
                        coded.national_number_pattern as pattern,
                        coded.national_number_lengths as lengths,
                        plan.national_number_pattern as plan_pattern,
                        plan.national_number_lengths as plan_lengths,
                        plan.national_number_max_length as plan_max_length,
                        coded.rest,
                        coded.written_nationally,
                        plan.national_prefix_for_parsing,
                        plan.national_prefix_transform_rule,
                        plan.national_prefix_last_group
                    from (
                        select
                            codes.calling_code,
                            codes.main_region,
                            codes.national_number_pattern,
                            codes.national_number_lengths,
                            substr(dialled.digits, length(codes.calling_code) + 1) as rest,
                            dialled.written_nationally
                        from (
                            select
                                {{ idstitch.phone_dialled(dialling_prefix, 'home.calling_code') }}
                            from {{ idstitch.phone_written(text) }} as written
                            left join {{ ref('phone_regions') }} as home
                                on home.region = {{ region_sql }}
                            offset 0
                        ) as dialled
                        inner join {{ ref('phone_calling_codes') }} as codes
                            on codes.calling_code in (substr(dialled.digits, 1, 1), substr(dialled.digits, 1, 2),
                                                      substr(dialled.digits, 1, 3))
                        offset 0
                    ) as coded
                    left join {{ ref('phone_regions') }} as plan
                        on plan.region = case when coded.written_nationally then {{ region_sql }}
                                              else coded.main_region end
                    offset 0
                ) as split
                offset 0
            ) as parsed
            where parsed.national <> ''
        ), 'invalid_format')
    end
{%- endmacro %}

{#- The WHEN branches ending both parse paths: 'placeholder' for one digit repeated, the E.164
    number when the national number fits `pattern`, has one of `lengths` (',7,9,10,') and
    the whole has at most 15 digits, else 'invalid_format'. Arguments are SQL. -#}
{% macro phone_verdict(national, code, pattern, lengths) -%}
    when replace({{ national }}, substr({{ national }}, 1, 1), '') = '' then 'placeholder'
    when {{ idstitch.regexp_matches_column(national, pattern) }}
        and {{ lengths }} like ('%,' || length({{ national }}) || ',%')
        and length({{ code }}) + length({{ national }}) <= 15
        then '+' || {{ code }} || {{ national }}
    else 'invalid_format'
{%- endmacro %}

{#- parse_phone's test (after libphonenumber) for keeping the national prefix: removing it
    turns a number that fits its plan's pattern into one that does not, or leaves a length the
    plan never has (too long is left to fail validation). `plan` maps pattern, lengths and
    max_length to SQL (seed columns, or literals). -#}
{% macro phone_keeps_national_prefix(with_prefix, without, plan) -%}
    (({{ idstitch.regexp_matches_column(with_prefix, plan.pattern) }}
      and not {{ idstitch.regexp_matches_column(without, plan.pattern) }})
     or (length({{ without }}) <= {{ plan.max_length }}
         and {{ plan.lengths }} not like ('%,' || length({{ without }}) || ',%')))
{%- endmacro %}

{#- The text a phone number is read from: transliterated (full-width and Arabic-Indic digits,
    Unicode spaces), the plus and dash look-alikes the transliteration table leaves alone
    (full-width, small and superscript plus; minus sign, full-width hyphen, katakana long
    mark) made ASCII, tabs and line breaks made spaces, and a spreadsheet's '.0' after a
    number written as a float dropped ('15123456789.0'). -#}
{% macro phone_text(column) -%}
    {%- set text = "translate(trim(" ~ idstitch.transliterate(column) ~ "), "
        ~ "chr(65291) || chr(65122) || chr(8314) || chr(8722) || chr(65293) || chr(12540) || chr(9) || chr(10) || chr(13), "
        ~ "'+++---   ')" -%}
    {#- ASCII without tabs and line breaks is its own transliteration and has nothing to
        translate: trim alone (translate() is a third of a parse on DuckDB) -#}
    {%- set plain = idstitch.byte_length(column) ~ " = length(" ~ column ~ ") and strpos(" ~ column
        ~ ", chr(9)) = 0 and strpos(" ~ column ~ ", chr(10)) = 0 and strpos(" ~ column ~ ", chr(13)) = 0" -%}
    regexp_replace(case when {{ plain }} then trim({{ column }}) else {{ text }} end, '^([+]?[0-9]+)[.]0+$', '\1')
{%- endmacro %}

{#- The digits of the number in `text` (phone_text): from the first digit to the first
    character that is not a digit, space or ( ) . / -. What follows is cut when it is an
    extension or a note; when it holds more digits after any other character ('030 12345 l78',
    a letter O for a zero), the number is unreadable and the result is '' (invalid_format),
    never the digits before the stray character, which can be another valid number. -#}
{% macro phone_digits(text) -%}
    case
        when {{ idstitch.regexp_matches("lower(" ~ text ~ ")", '[^0-9]*[0-9][0-9 ()./-]*[^0-9 ()./x#;,e-].*[0-9].*') }}
            then ''
        else regexp_replace(coalesce(
            {{ idstitch.regexp_extract_group(text, '^[^0-9]*([0-9][0-9 ()./-]*)') }}, ''), '[^0-9]', '', 'g')
    end
{%- endmacro %}

{#- The number as written, one row: its digits (phone_digits) and whether it is written
    nationally, i.e. without a '+' before its first digit. A derived table (select, no alias);
    the limit keeps Postgres from inlining it into every reference. `text` is computed once,
    in a one-row derived table of its own: written out in each of the three expressions that
    read it, its transliteration subquery and translate() ran three times (on DuckDB, half the
    time of a parse). -#}
{% macro phone_written(text) -%}
    (
        select
            {{ idstitch.phone_digits('typed.text') }} as digits,
            coalesce({{ idstitch.regexp_extract_group('typed.text', '^([^0-9]*)') }}, '') not like '%+%' as national
        from (select {{ text }} as text limit 1) as typed
        limit 1
    )
{%- endmacro %}

{#- Two select columns over phone_written's row `written`: `digits`, calling code first (after
    the dialling prefix, which must match `dialling_prefix`'s pattern with the first digit of
    the calling code as its one group, or with `code` prefixed for a national number), and
    `written_nationally`. `dialling_prefix` and `code` are SQL (literals or seed columns). -#}
{% macro phone_dialled(dialling_prefix, code) -%}
    {%- set after_prefix = idstitch.regexp_matches_column('written.digits', dialling_prefix, prefix=true) -%}
    case
        when not written.national then written.digits
        when {{ after_prefix }} then regexp_replace(written.digits, {{ dialling_prefix }}, '\1')
        else {{ code }} || written.digits
    end as digits,
    written.national and not {{ after_prefix }} as written_nationally
{%- endmacro %}

{#- A SQL literal of a seed value ('null' for NULL/empty). -#}
{% macro phone_literal(value) -%}
    {%- if value is none or value | string == '' -%}null{%- else -%}'{{ value | string | replace("'", "''") }}'{%- endif -%}
{%- endmacro %}

{#- The plans parse_phone needs to read numbers of `region` without joins, from the seeds,
    as SQL literals: {'home': plan of the region, 'main': plan of its calling code's main
    region, 'code', 'international_prefix', 'code_pattern'}; each plan maps
    national_prefix_for_parsing, national_prefix_transform_rule, national_prefix_last_group,
    pattern, lengths, max_length. none before execution (parsing) and when the seeds are not
    tables yet or do not know the region: parse_phone then joins the seeds. -#}
{% macro phone_plan_literals(region) -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set regions = ref('phone_regions') -%}
    {%- set codes = ref('phone_calling_codes') -%}
    {%- if regions.identifier is not defined or regions.identifier != 'phone_regions'
        or adapter.get_relation(regions.database, regions.schema, regions.identifier) is none
        or adapter.get_relation(codes.database, codes.schema, codes.identifier) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {#- seeds loaded by an older version (columns missing until `dbt seed --full-refresh`) -#}
    {%- set code_columns = adapter.get_columns_in_relation(codes) | map(attribute='name') | map('lower') | list -%}
    {%- if 'national_number_lengths' not in code_columns -%}{{ return(none) }}{%- endif -%}
    {%- set found = run_query(
        "select plan.region, plan.calling_code, plan.international_prefix, plan.national_prefix_for_parsing,"
        ~ " plan.national_prefix_transform_rule, plan.national_prefix_last_group, plan.national_number_pattern,"
        ~ " plan.national_number_lengths, plan.national_number_max_length, codes.national_number_pattern,"
        ~ " codes.national_number_lengths as code_lengths,"
        ~ " case when plan.region = '" ~ region ~ "' then 0 else 1 end as which"
        ~ " from " ~ regions ~ " as home"
        ~ " inner join " ~ codes ~ " as codes on codes.calling_code = home.calling_code"
        ~ " inner join " ~ regions ~ " as plan on plan.region in (home.region, codes.main_region)"
        ~ " where home.region = '" ~ region ~ "' order by which") -%}
    {%- if found.rows | length == 0 -%}{{ return(none) }}{%- endif -%}
    {%- set plans = {} -%}
    {%- for row in found.rows -%}
        {%- do plans.update({('home' if row[11] == 0 else 'main'): {
            'national_prefix_for_parsing': idstitch.phone_literal(row[3]),
            'national_prefix_transform_rule': idstitch.phone_literal(row[4]),
            'national_prefix_last_group': idstitch.phone_literal(row[5]),
            'pattern': idstitch.phone_literal(row[6]),
            'lengths': idstitch.phone_literal(row[7]),
            'max_length': row[8] | int,
        }}) -%}
    {%- endfor -%}
    {%- set first = found.rows[0] -%}
    {{ return({'home_region': region, 'home': plans.home, 'main': plans.get('main', plans.home),
               'code': first[1] | string, 'international_prefix': first[2] or '00',
               'code_pattern': idstitch.phone_literal(first[9]),
               'code_lengths': idstitch.phone_literal(first[10])}) }}
{%- endmacro %}

{#- The national significant number from `rest` (the digits after the calling code) under a
    plan whose fields (national_prefix_for_parsing, national_prefix_transform_rule,
    national_prefix_last_group, pattern, lengths, max_length) are SQL: literals, or a joined
    seed row's columns. libphonenumber's rule: a national prefix is removed, or replaced by
    the transform rule where the prefix pattern's last group took part, unless
    phone_keeps_national_prefix. -#}
{% macro phone_national_number(rest, plan) -%}
    {%- set npp = "'^(?:' || " ~ plan.national_prefix_for_parsing ~ " || ')'" -%}
    {%- set stripped = "regexp_replace(" ~ rest ~ ", " ~ npp ~ ", '')" -%}
    {%- set transformed = "regexp_replace(" ~ rest ~ ", " ~ npp ~ ", " ~ plan.national_prefix_transform_rule ~ ")" -%}
    case
        when {{ plan.national_prefix_for_parsing }} is null
            or not coalesce({{ idstitch.regexp_matches_column(rest, plan.national_prefix_for_parsing, prefix=true) }}, false)
            then {{ rest }}
        when {{ plan.national_prefix_transform_rule }} is not null
            and coalesce(regexp_replace({{ rest }}, {{ npp }} || '[0-9]*$', {{ plan.national_prefix_last_group }}), '') <> ''
            then
                case
                    when {{ idstitch.phone_keeps_national_prefix(rest, transformed, plan) }} then {{ rest }}
                    else {{ transformed }}
                end
        when {{ idstitch.phone_keeps_national_prefix(rest, stripped, plan) }} then {{ rest }}
        else {{ stripped }}
    end
{%- endmacro %}

{#- phone_national_number, plus libphonenumber's rule for a number written nationally that
    starts with its own calling code ('7 898 340 4460' in Russia, '1 700 1234' in the US
    Virgin Islands): read without the code when the number as written does not fit the plan
    but the rest does, or when the number as written is too long for the plan. -#}
{% macro phone_national_reading(rest, plan, code, written_nationally) -%}
    {%- set after_code = "substr(" ~ rest ~ ", length(" ~ code ~ ") + 1)" -%}
    case
        when {{ written_nationally }} and {{ rest }} like {{ code }} || '%'
            and ((not coalesce({{ idstitch.regexp_matches_column(rest, plan.pattern) }}, false)
                  and coalesce({{ idstitch.regexp_matches_column(idstitch.phone_national_number(after_code, plan), plan.pattern) }}, false))
                 or length({{ rest }}) > {{ plan.max_length }})
            then {{ idstitch.phone_national_number(after_code, plan) }}
        else {{ idstitch.phone_national_number(rest, plan) }}
    end
{%- endmacro %}

{#- parse_phone for numbers of one known region, with its plans as literals (patterns compile
    once per query, not per row): the same steps as phone_parse_with_seeds for every number
    whose calling code is the region's own; any other number (written with another country's
    code) goes to phone_parse_with_seeds. -#}
{% macro phone_parse_in_region(column, plans) -%}
    {%- set text = idstitch.phone_text(column) -%}
    {%- set dialling_prefix = "^(?:(?:" ~ plans.international_prefix ~ ")|00)([1-9])" -%}
    {%- set dialling_literal = idstitch.phone_literal(dialling_prefix) -%}
    {%- set code = plans.code -%}
    (
        select
            case
                when own.value = '~' then {{ idstitch.phone_parse_with_seeds('own.other', "'" ~ plans.home_region ~ "'") }}
                else own.value
            end
        from (
            select
                read.value,
                case when read.value = '~' then read.raw end as other
            from (
                select
                    case
                        when nullif(trim({{ column }}), '') is null then null
                        else (
                            select
                                case{# noqa: PRS: phone_verdict writes when clauses here #}
                                    when not parsed.own_code then '~'
                                    when parsed.national = '' then 'invalid_format'
                                    {{ idstitch.phone_verdict('parsed.national', "'" ~ code ~ "'", plans.code_pattern, 'parsed.lengths') }}
                                end
                            from (
                                select
                                    split.own_code,
                                    case when split.written_nationally then {{ plans.home.lengths }}
                                         else {{ plans.main.lengths }} end as lengths,
                                    case
                                        when split.written_nationally then
                                            {{ idstitch.phone_national_reading('split.rest', plans.home, "'" ~ code ~ "'", 'true') }}
                                        else {{ idstitch.phone_national_number('split.rest', plans.main) }}
                                    end as national
                                from (
                                    select
                                        dialled.digits like '{{ code }}%' as own_code,
                                        substr(dialled.digits, {{ code | length + 1 }}) as rest,
                                        dialled.written_nationally
                                    from (
                                        select
                                            {{ idstitch.phone_dialled(dialling_literal, "'" ~ code ~ "'") }}
                                        from {{ idstitch.phone_written(text) }} as written
                                        offset 0
                                    ) as dialled
                                    offset 0
                                ) as split
                                offset 0
                            ) as parsed
                        )
                    end as value,
                    {{ column }} as raw
                limit 1
            ) as read
            offset 0
        ) as own
    )
{%- endmacro %}

{#- The region for numbers written nationally: var idstitch__phone_default_region, checked to
    be an ISO 3166-1 alpha-2 code at compile time (the seed test phone_regions checks it is a
    region libphonenumber knows). The default is repeated here because a project that installs
    idstitch calls the normalizers from its own models, which do not see the package's vars. -#}
{% macro phone_default_region() -%}
    {%- set region = var('idstitch__phone_default_region', 'US') | string -%}
    {%- if not modules.re.fullmatch('[A-Z]{2}', region) -%}
        {{ exceptions.raise_compiler_error("var idstitch__phone_default_region must be an ISO 3166-1 "
            ~ "alpha-2 region in capitals such as 'US' or 'GB', got '" ~ region ~ "'") }}
    {%- endif -%}
    {{ return(region) }}
{%- endmacro %}

{#- Phone in E.164 ('+15551234567'), or NULL (its reason is phone_issue). -#}
{% macro normalize_phone(column, region=none) -%}
    {{ idstitch.phone_of_parse(idstitch.parse_phone(column, region)) }}
{%- endmacro %}

{#- Why normalize_phone gave NULL for a non-blank value: 'invalid_format' or 'placeholder';
    NULL when it gave a number or the value is blank. -#}
{% macro phone_issue(column, region=none) -%}
    {{ idstitch.phone_issue_of_parse(idstitch.parse_phone(column, region)) }}
{%- endmacro %}

{#- normalize_phone and phone_issue of a number parse_phone has read already: `parsed` is SQL,
    typically a column holding parse_phone's result, so that a model that wants both parses
    each number once (the parse is most of a staging model's time). Each reads `parsed` once,
    in a one-row derived table (a CASE would name it twice). -#}
{% macro phone_of_parse(parsed) -%}
    (select parsed.value from (select {{ parsed }} as value) as parsed
     where parsed.value like '+%')
{%- endmacro %}

{% macro phone_issue_of_parse(parsed) -%}
    (select parsed.value from (select {{ parsed }} as value) as parsed
     where parsed.value not like '+%')
{%- endmacro %}
