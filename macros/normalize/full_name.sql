{#- One part of a full-name column ('first', 'middle', 'last' or 'suffix'), for sources that
    send one name column: the part in normalize_name's form (ASCII, lower case), so it compares
    with first_name and last_name columns of other sources; NULL when the name has no such
    part. Shape: SQL (any type) in, text out. It reads what is written and guesses nothing:
    - 'Last, First Middle' (a comma): everything before the last comma is the last name
      ('de la Cruz, Maria' -> last 'de la cruz'), the first word after it the first name,
      the other words the middle name;
    - 'First Middle Last' (no comma): the first word is the first name, the last word the last
      name with the particles right before it ('Maria de la Cruz', 'Ludwig van Beethoven'),
      the words between the middle name; 'J. R. Smith' and 'J.R. Smith' read as 'j', 'r',
      'smith' (a period ends an initial);
    - one word is a first name ('Madonna': last NULL), unless a title stood before it ('Mr
      Smith': last 'smith', first NULL);
    - a name written in Han, Kana or Hangul ('山田 太郎') is family name first, the convention
      of those scripts: first word last name, the rest first name; the same name written in
      Latin letters is read as any other ('Taro Yamada');
    - titles (normalize_name's: Mr, Mrs, Dr, ...) at the start of the name or of its part
      after the comma are dropped; a generation suffix (name_suffix: Jr, III, ...) at the end
      or before the comma ('Smith Jr., John') is no part of the last name: part 'suffix'
      gives it, canonical as name_suffix does;
    - wrapping quotes, brackets and stray punctuation and whitespace are dropped; blank, NULL
      or a value without letters (an INTEGER column) is NULL. -#}
{% macro split_full_name(column, part) -%}
    {%- set parts = ['first', 'middle', 'last', 'suffix'] -%}
    {%- if part not in parts -%}
        {{ exceptions.raise_compiler_error("idstitch.split_full_name: part '" ~ part ~ "' is not one of "
            ~ parts | join(', ')) }}
    {%- endif -%}
    {{ return(adapter.dispatch('split_full_name', 'idstitch')(column, part)) }}
{%- endmacro %}

{#- Portable SQL (regular expressions both targets read alike, scalar subqueries so that the
    transliterated name is computed once); an adapter may override it. -#}
{% macro default__split_full_name(column, part) -%}
    {%- set raw = idstitch.as_text(column) -%}
    {%- if part == 'suffix' -%}
        {#- at the end ('John Smith Jr', 'Smith, John Jr'), else before the last comma ('Smith Jr., John') -#}
        coalesce({{ idstitch.name_suffix(raw) }}, {{ idstitch.name_suffix("regexp_replace(" ~ raw ~ ", ',[^,]*$', '')") }})
    {%- else -%}
        {#- wrapping characters go before titles are looked for: '"Dr. John Smith"' -#}
        {%- set unwrapped = "regexp_replace(" ~ raw ~ ", '^[[:space:]\"''(<*_-]+', '')" -%}
        {%- set untitled = idstitch.untitled_name('folded.name') -%}
        {#- stray punctuation off both ends, the generation suffix off the end, periods (initials)
            to spaces, spaces around hyphens dropped, whitespace collapsed -#}
        {%- set tidied = namespace(sql=untitled) -%}
        {%- for pattern, replacement in [('^[^a-z]+', ''), ('[^a-z]+$', ''),
                                         ('^(.*[a-z])' ~ idstitch.name_suffix_pattern(), '\\1'),
                                         ('[.]', ' '), ('[[:space:]]*-[[:space:]]*', '-'),
                                         ('[[:space:]]+', ' ')] -%}
            {%- set tidied.sql = "regexp_replace(" ~ tidied.sql ~ ", '" ~ pattern ~ "', '" ~ replacement ~ "', 'g')" -%}
        {%- endfor -%}
        {#- the last word with the particles right before it -#}
        {%- set family_tail = "(?:(?:" ~ idstitch.surname_particles() | join('|') ~ ") )*[^ ]+" -%}
        {%- set has_comma = "strpos(tidied.name, ',') > 0" -%}
        {%- set one_word = "strpos(tidied.name, ' ') = 0" -%}
        (
            select
            {%- if part == 'last' %}
                split.family_name
            {%- elif part == 'first' %}
                regexp_replace(split.given_name, ' .*$', '')
            {%- else %}
                {{ idstitch.regexp_extract_group('split.given_name', ' (.+)$') }}
            {%- endif %}
            from (
                {#- the last name, or the given names (first and middle): only the one asked for -#}
                select
                {%- if part == 'last' %}
                    {{ idstitch.normalize_name(
                        "case
                            when " ~ has_comma ~ " then regexp_replace(tidied.name, ',[^,]*$', '')
                            when " ~ one_word ~ " then case when tidied.titled then tidied.name end
                            when tidied.family_first then regexp_replace(tidied.name, ' .*$', '')
                            else " ~ idstitch.regexp_extract_group('tidied.name', ' (' ~ family_tail ~ ')$') ~ "
                        end") }} as family_name
                {%- else %}
                    {{ idstitch.normalize_name(
                        "case
                            when " ~ has_comma ~ " then regexp_replace(tidied.name, '^.*,', '')
                            when " ~ one_word ~ " then case when not tidied.titled then tidied.name end
                            when tidied.family_first then regexp_replace(tidied.name, '^[^ ]+ ', '')
                            else regexp_replace(tidied.name, ' " ~ family_tail ~ "$', '')
                        end") }} as given_name
                {%- endif %}
                from (
                    select
                        {{ tidied.sql }} as name,
                        {{ untitled }} <> folded.name as titled,
                        folded.family_first
                    from (
                        select
                            trim(lower({{ idstitch.transliterate("trim(" ~ unwrapped ~ ")") }})) as name,
                            {#- Han, Hiragana, Katakana, Hangul syllables -#}
                            regexp_replace({{ raw }}, '[^㐀-䶿一-鿿぀-ヿ가-힣]+', '', 'g') <> '' as family_first
                    ) as folded
                ) as tidied
            ) as split
        )
    {%- endif -%}
{%- endmacro %}

{#- Words that belong to the last name they stand before ('van Beethoven', 'de la Cruz'):
    never a given or middle name on their own. -#}
{% macro surname_particles() -%}
    {{ return(['da', 'das', 'de', 'del', 'della', 'der', 'di', 'dos', 'du', 'la', 'le', 'ten', 'ter', 'van', 'von']) }}
{%- endmacro %}
