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
    Pass `column` and `region` qualified with their table alias: inside the parse, a bare
    `region` would name the seed's column. Each step is a derived table ending in `offset 0`
    (or `limit 1`) so Postgres evaluates it once instead of inlining it into every reference
    (3,000 numbers: 145 s inlined, 5 s not). -#}
{% macro parse_phone(column, region=none) -%}
    {%- set region_sql = region if region is not none
        else "'" ~ idstitch.phone_default_region() ~ "'" -%}
    {%- set text = "trim(" ~ idstitch.transliterate(column) ~ ")" -%}
    {#- the region's own international prefix first (alternation takes the first that fits);
        a calling code never starts with 0, so a 0 after it means it was no dialling prefix -#}
    {%- set dialling_prefix = "'^(?:(?:' || coalesce(home.international_prefix, '00') || ')|00)([1-9])'" -%}
    {%- set npp = "'^(?:' || plan.national_prefix_for_parsing || ')'" -%}
    case
        when nullif(trim({{ column }}), '') is null then null
        else coalesce((
            select
                case
                    when replace(parsed.national, substr(parsed.national, 1, 1), '') = ''
                        then 'placeholder'
                    when {{ idstitch.regexp_matches_column('parsed.national', 'parsed.pattern') }}
                        and length(parsed.calling_code) + length(parsed.national) <= 15
                        then '+' || parsed.calling_code || parsed.national
                    else 'invalid_format'
                end
            from (
                select
                    split.calling_code,
                    split.pattern,
                    case
                        when not split.has_national_prefix then split.rest
                        when split.transform_applies then
                            case
                                when {{ idstitch.phone_keeps_national_prefix('split.rest', 'split.transformed') }}
                                    then split.rest
                                else split.transformed
                            end
                        when {{ idstitch.phone_keeps_national_prefix('split.rest', 'split.stripped') }}
                            then split.rest
                        else split.stripped
                    end as national
                from (
                    {#- the digits after the calling code, read with the plan of the region the
                        number was written in: the given region for a national number, else the
                        calling code's main region -#}
                    select
                        coded.calling_code,
                        coded.national_number_pattern as pattern,
                        plan.national_number_pattern as plan_pattern,
                        plan.national_number_lengths as plan_lengths,
                        plan.national_number_max_length as plan_max_length,
                        coded.rest,
                        coalesce({{ idstitch.regexp_matches_column('coded.rest', npp, prefix=true) }}, false)
                            as has_national_prefix,
                        regexp_replace(coded.rest, {{ npp }}, '') as stripped,
                        regexp_replace(coded.rest, {{ npp }}, plan.national_prefix_transform_rule)
                            as transformed,
                        {#- libphonenumber transforms only when the pattern's last group took part -#}
                        coalesce(regexp_replace(coded.rest, {{ npp }} || '[0-9]*$',
                                                plan.national_prefix_last_group), '') <> ''
                            as transform_applies
                    from (
                        select
                            codes.calling_code,
                            codes.main_region,
                            codes.national_number_pattern,
                            substr(dialled.digits, length(codes.calling_code) + 1) as rest,
                            dialled.written_nationally
                        from (
                            select
                                case
                                    when not written.national then written.digits
                                    when {{ idstitch.regexp_matches_column('written.digits', dialling_prefix, prefix=true) }}
                                        then regexp_replace(written.digits, {{ dialling_prefix }}, '\1')
                                    else home.calling_code || written.digits
                                end as digits,
                                written.national
                                and not {{ idstitch.regexp_matches_column('written.digits', dialling_prefix, prefix=true) }}
                                    as written_nationally
                            from (
                                select
                                    regexp_replace(coalesce(
                                        {{ idstitch.regexp_extract_group(text, '^[^0-9]*([0-9][0-9 ()./-]*)') }},
                                        ''), '[^0-9]', '', 'g') as digits,
                                    coalesce({{ idstitch.regexp_extract_group(text, '^([^0-9]*)') }}, '')
                                        not like '%+%' as national
                                limit 1  {#- one row; a limit keeps Postgres from inlining it -#}
                            ) as written
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

{#- parse_phone's test (after libphonenumber) for keeping the national prefix: removing it
    turns a number that fits its plan's pattern into one that does not, or leaves a length the
    plan never has (too long is left to fail validation). SQL over parse_phone's `split` row. -#}
{% macro phone_keeps_national_prefix(with_prefix, without) -%}
    (({{ idstitch.regexp_matches_column(with_prefix, 'split.plan_pattern') }}
      and not {{ idstitch.regexp_matches_column(without, 'split.plan_pattern') }})
     or (length({{ without }}) <= split.plan_max_length
         and split.plan_lengths not like '%,' || length({{ without }}) || ',%'))
{%- endmacro %}

{#- The region for numbers written nationally: var idstitch__phone_default_region, checked to
    be an ISO 3166-1 alpha-2 code at compile time (the seed test phone_regions checks it is a
    region libphonenumber knows). -#}
{% macro phone_default_region() -%}
    {%- set region = var('idstitch__phone_default_region') | string -%}
    {%- if not modules.re.fullmatch('[A-Z]{2}', region) -%}
        {{ exceptions.raise_compiler_error("var idstitch__phone_default_region must be an ISO 3166-1 "
            ~ "alpha-2 region in capitals such as 'US' or 'GB', got '" ~ region ~ "'") }}
    {%- endif -%}
    {{ return(region) }}
{%- endmacro %}

{#- Phone in E.164 ('+15551234567'), or NULL (its reason is phone_issue). -#}
{% macro normalize_phone(column, region=none) -%}
    (select parsed.value from (select {{ idstitch.parse_phone(column, region) }} as value) as parsed
     where parsed.value like '+%')
{%- endmacro %}

{#- Why normalize_phone gave NULL for a non-blank value: 'invalid_format' or 'placeholder';
    NULL when it gave a number or the value is blank. -#}
{% macro phone_issue(column, region=none) -%}
    (select parsed.value from (select {{ idstitch.parse_phone(column, region) }} as value) as parsed
     where parsed.value not like '+%')
{%- endmacro %}
