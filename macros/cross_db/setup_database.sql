{#- What a target needs before any model runs (called from on-run-start). First the token
    salt check (a production target without a secret salt stops here: check_token_salt).
    DuckDB has all it needs built in; Postgres gets fuzzystrmatch (trusted, so the database
    owner can create it), the lenient-cast functions, Jaro-Winkler and long-string
    Levenshtein. Then, on every target, the erasure requests table if it is missing
    (idstitch.create_erasure_requests). -#}
{% macro setup_database() -%}
    {%- do idstitch.check_token_salt() -%}
    {{ return(adapter.dispatch('setup_database', 'idstitch')() ~ ';\n' ~ idstitch.create_erasure_requests()) }}
{%- endmacro %}

{% macro default__setup_database() -%}
    select 1
{%- endmacro %}

{% macro postgres__setup_database() -%}
    create extension if not exists fuzzystrmatch;
    create schema if not exists {{ target.schema }};
    {%- for kind in ['timestamp', 'date', 'numeric', 'integer'] %}
    create or replace function {{ target.schema }}.idstitch_try_cast_{{ kind }}(value text)
    returns {{ kind }} language plpgsql immutable as $fn$
    begin
        if trim(value) !~ '^(?:{{ idstitch.lenient_cast_shape(kind).pattern }})$' then
            return null;
        end if;
        return cast(trim(value) as {{ kind }});
    exception when others then
        return null;
    end
    $fn$;
    {%- endfor %}

    {#- Jaro-Winkler over code points, as DuckDB's jaro_winkler_similarity (>= 2.0.1) computes
        it; see idstitch.jaro_winkler for the definition both follow -#}
    create or replace function {{ target.schema }}.idstitch_jaro_winkler(a text, b text)
    returns double precision language plpgsql immutable strict parallel safe as $fn$
    declare
        -- NFC only where it can change something (ASCII is always NFC)
        ac text[] := string_to_array(case when octet_length(a) = length(a) then a else normalize(a, nfc) end, null);
        bc text[] := string_to_array(case when octet_length(b) = length(b) then b else normalize(b, nfc) end, null);
        la int := coalesce(array_length(ac, 1), 0);
        lb int := coalesce(array_length(bc, 1), 0);
        win int;
        lo int;
        hi int;
        k int := 1;
        m int := 0;
        t int := 0;
        p int := 0;
        am boolean[];
        bm boolean[];
        sim double precision;
    begin
        if la = 0 or lb = 0 then
            return 0.0;
        end if;
        win := greatest(greatest(la, lb) / 2 - 1, 0);
        am := array_fill(false, array[la]);
        bm := array_fill(false, array[lb]);
        for i in 1..la loop
            lo := greatest(1, i - win);
            hi := least(lb, i + win);
            for j in lo..hi loop
                if not bm[j] and ac[i] = bc[j] then
                    am[i] := true;
                    bm[j] := true;
                    m := m + 1;
                    exit;
                end if;
            end loop;
        end loop;
        if m = 0 then
            return 0.0;
        end if;
        for i in 1..la loop
            if am[i] then
                while not bm[k] loop
                    k := k + 1;
                end loop;
                if ac[i] <> bc[k] then
                    t := t + 1;
                end if;
                k := k + 1;
            end if;
        end loop;
        sim := (m::double precision / la + m::double precision / lb + (m - t / 2)::double precision / m) / 3.0;
        if sim > 0.7 then
            while p < least(4, la, lb) and ac[p + 1] = bc[p + 1] loop
                p := p + 1;
            end loop;
            sim := sim + p * 0.1 * (1.0 - sim);
        end if;
        return sim;
    end
    $fn$;

    {#- Levenshtein over code points for strings longer than fuzzystrmatch's 255-character
        limit (the one row of the dynamic-programming table kept in an int array) -#}
    create or replace function {{ target.schema }}.idstitch_levenshtein(a text, b text)
    returns integer language plpgsql immutable strict parallel safe as $fn$
    declare
        ac text[] := string_to_array(a, null);
        bc text[] := string_to_array(b, null);
        la int := coalesce(array_length(ac, 1), 0);
        lb int := coalesce(array_length(bc, 1), 0);
        prev int[];
        cur int[];
    begin
        if la = 0 or lb = 0 then
            return greatest(la, lb);
        end if;
        prev := array(select generate_series(0, lb));
        for i in 1..la loop
            cur := array[i];
            for j in 1..lb loop
                cur := cur || least(prev[j + 1] + 1, cur[j] + 1,
                                    prev[j] + case when ac[i] = bc[j] then 0 else 1 end);
            end loop;
            prev := cur;
        end loop;
        return prev[lb + 1];
    end
    $fn$;
{%- endmacro %}

{#- Refresh the planner's statistics of a freshly built table (post-hook). Postgres plans
    joins on a new table from guesses until autovacuum gets to it; a guessed one-row input
    turns a hash join into a nested loop that takes minutes at 100,000 customers. -#}
{% macro analyze_relation(relation) -%}
    {{ return(adapter.dispatch('analyze_relation', 'idstitch')(relation)) }}
{%- endmacro %}

{% macro default__analyze_relation(relation) -%}
    select 1
{%- endmacro %}

{% macro postgres__analyze_relation(relation) -%}
    analyze {{ relation }}
{%- endmacro %}

{#- An index for point look-ups on one column of a small, often-joined table (post-hook).
    DuckDB needs none; Postgres otherwise hashes the whole table for each correlated
    look-up (the transliteration seed, once per non-ASCII value). -#}
{% macro index_lookup_column(relation, column) -%}
    {{ return(adapter.dispatch('index_lookup_column', 'idstitch')(relation, column)) }}
{%- endmacro %}

{% macro default__index_lookup_column(relation, column) -%}
    select 1
{%- endmacro %}

{% macro postgres__index_lookup_column(relation, column) -%}
    create index if not exists {{ relation.identifier }}__{{ column }} on {{ relation }} ({{ column }});
    analyze {{ relation }}
{%- endmacro %}

{#- Settings of the connection a model runs on (model pre-hook). Postgres: JIT off unless
    var idstitch__postgres_jit (its compile time, seconds a model, is paid on every size of
    data; these queries are joins and aggregates it hardly speeds up). Nothing elsewhere. -#}
{% macro session_settings() -%}
    {{ return(adapter.dispatch('session_settings', 'idstitch')()) }}
{%- endmacro %}

{% macro default__session_settings() -%}
{%- endmacro %}

{% macro postgres__session_settings() -%}
    {%- if not var('idstitch__postgres_jit') -%}
    set jit = off
    {%- endif -%}
{%- endmacro %}
