{#- Fold any script to ASCII with one table on every target: 'Straße' -> 'Strasse',
    'Þórunn' -> 'Thorunn', 'Yıldız' -> 'Yildiz', 'Дмитрий' -> 'Dmitriy', 'e' + U+0301 -> 'e'.

    Shape: text in, text out (NULL stays NULL). ASCII input is returned as it is, without a
    lookup. Otherwise the value is put in NFC form, every Unicode space (unicode_spaces) becomes
    ' ', and each remaining character is looked up in the seed `transliteration` (generated
    from anyascii by `idstitch transliteration-seed`): a row with a spelling replaces it, a row
    without one (combining marks, zero-width and format characters) deletes it, and a
    character without a row (symbols, emoji, unmapped letters) stays. Case is kept; callers
    fold case afterwards, on ASCII, where lower() and upper() agree on every target. -#}
{% macro transliterate(expr) -%}
    {%- set expr = idstitch.as_text(expr) -%}
    {%- set non_ascii = "case when " ~ idstitch.byte_length(expr) ~ " <> length(" ~ expr ~ ") then "
        ~ idstitch.unicode_spaces_to_blank(idstitch.nfc(expr)) ~ " end" -%}
    case
        when {{ idstitch.byte_length(expr) }} = length({{ expr }}) then {{ expr }}
        else (
            select coalesce(
                {{ dbt.listagg(
                    "case when transliteration.unicode_char is null then chars.chr"
                    ~ " else coalesce(transliteration.ascii, '') end",
                    "''", "order by chars.pos") }},
                ''
            )
            from {{ idstitch.characters_of(non_ascii) }} as chars
            left join {{ ref('transliteration') }} as transliteration
                on transliteration.unicode_char = chars.chr
        )
    end
{%- endmacro %}

{#- The code points of the Unicode space characters (category Z, plus the tab, line-break and
    NEL controls): every one of them is a word break in a name or an address. -#}
{% macro unicode_spaces() -%}
    {{ return([9, 10, 11, 12, 13, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198,
               8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288]) }}
{%- endmacro %}

{#- `expr` with every unicode_spaces() character replaced by ' ' (translate with chr(), so
    no invisible character stands in the SQL). -#}
{% macro unicode_spaces_to_blank(expr) -%}
    {%- set spaces = idstitch.unicode_spaces() -%}
    translate({{ expr }}, {% for cp in spaces %}chr({{ cp }}){{ ' || ' if not loop.last }}{% endfor %},
              '{{ " " * (spaces | length) }}')
{%- endmacro %}
