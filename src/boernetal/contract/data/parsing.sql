-- The data contract's reading rules (docs/data-contract.md, "Reading rules") as DuckDB
-- macros. This file is the one implementation: ingest runs them over whole columns in the staging
-- database, and boernetal.contract.values calls them for single values.
-- Every macro takes a trimmed, non-empty text (see ingest.read.clean) and returns NULL when it is not
-- a valid value of its type.

-- The macros take cells as ingest cleans them: trimmed, and NULL when empty (see ingest.read.clean).

-- Dates: YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY (recognised per value), optionally followed by
-- ' HH:MM', ' HH:MM:SS' or 'THH:MM[:SS]'. Slashes and two-digit years are not dates.
CREATE OR REPLACE MACRO bt_dt_shaped(v) AS regexp_full_match(
    v,
    '(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4})([ T]\d{1,2}:\d{2}(:\d{2})?)?');

-- The date and time texts of a value (both '' when it is not shaped as above; time '' for a bare
-- date). Checked by a pattern without captures and split at the one ' ' or 'T' a shaped value can
-- have: capturing the parts with the pattern took three times as long on a million rows.
CREATE OR REPLACE MACRO bt_dt_parts(v) AS CASE
    WHEN v IS NULL THEN NULL
    WHEN NOT bt_dt_shaped(v) THEN {'date': '', 'time': ''}
    WHEN length(v) <= 10 THEN {'date': v, 'time': ''}  -- the shortest date with a time has 13
    ELSE {'date': left(v, greatest(strpos(v, ' '), strpos(v, 'T')) - 1),
          'time': substr(v, greatest(strpos(v, ' '), strpos(v, 'T')) + 1)}
END;

-- The date of a text already shaped like one of the three forms (see bt_dt_parts).
CREATE OR REPLACE MACRO bt_date_only(d) AS CASE
    WHEN d = '' THEN NULL
    WHEN contains(d, '.') THEN try_strptime(d, '%d.%m.%Y')::DATE
    WHEN length(split_part(d, '-', 1)) = 4 THEN try_strptime(d, '%Y-%m-%d')::DATE
    ELSE try_strptime(d, '%d-%m-%Y')::DATE
END;

-- The same three, from the parts bt_dt_parts has split (so a column is split only once).
CREATE OR REPLACE MACRO bt_parts_time(p) AS CASE
    WHEN regexp_full_match(p.time, '([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?') THEN TRY_CAST(p.time AS TIME)
END;
CREATE OR REPLACE MACRO bt_parts_ok(p) AS
    bt_date_only(p.date) IS NOT NULL AND (p.time = '' OR bt_parts_time(p) IS NOT NULL);

-- The date of a date or date-time value.
CREATE OR REPLACE MACRO bt_date(v) AS bt_date_only(bt_dt_parts(v).date);

-- The time of a date-time value; NULL for a bare date (and for an invalid time).
CREATE OR REPLACE MACRO bt_time(v) AS bt_parts_time(bt_dt_parts(v));

-- A date or date-time value is valid when its date is, and its time (if given) is.
CREATE OR REPLACE MACRO bt_datetime_ok(v) AS bt_parts_ok(bt_dt_parts(v));

-- Booleans: true/false, ja/nej, j/n, yes/no, 1/0, x (empty = the column's default).
CREATE OR REPLACE MACRO bt_bool(v) AS CASE
    WHEN lower(v) IN ('true', 'ja', 'j', 'yes', '1', 'x') THEN true
    WHEN lower(v) IN ('false', 'nej', 'n', 'no', '0') THEN false
END;

CREATE OR REPLACE MACRO bt_integer(v) AS CASE
    WHEN regexp_full_match(v, '-?\d{1,15}') THEN v::BIGINT
END;

-- School years: 2012/13, 2012/2013, 2012-13 or 2012-2013 (the second year the first's next) ->
-- the calendar year the school year ends in (2013). A bare year is refused: 2013 could mean 2012/13
-- or 2013/14.
CREATE OR REPLACE MACRO bt_school_year(v) AS CASE
    WHEN regexp_full_match(trim(v), '\d{4}\s*[/-]\s*(\d{2}|\d{4})')
        AND (
            (length(regexp_extract(trim(v), '[/-]\s*(\d+)$', 1)) = 2
                AND (regexp_extract(trim(v), '^(\d{4})', 1)::INTEGER + 1) % 100
                    = regexp_extract(trim(v), '[/-]\s*(\d+)$', 1)::INTEGER)
            OR regexp_extract(trim(v), '^(\d{4})', 1)::INTEGER + 1
                = regexp_extract(trim(v), '[/-]\s*(\d+)$', 1)::INTEGER
        )
    THEN regexp_extract(trim(v), '^(\d{4})', 1)::INTEGER + 1
END;

-- Amounts: decimal comma or point, thousands separators allowed, negative as -1.234 or (1.234).
-- With both separators the last is the decimal one; a lone separator followed by exactly three
-- digits ('1.234') is ambiguous and decided by the column's style (comma_decimal, see below).
CREATE OR REPLACE MACRO bt_amount_abs(b, comma_decimal) AS (CASE
    WHEN regexp_full_match(b, '\d+') THEN b
    WHEN regexp_full_match(b, '\d{1,3}(\.\d{3})+,\d+') THEN replace(replace(b, '.', ''), ',', '.')
    WHEN regexp_full_match(b, '\d{1,3}(,\d{3})+\.\d+') THEN replace(b, ',', '')
    WHEN regexp_full_match(b, '\d{1,3}(\.\d{3}){2,}') THEN replace(b, '.', '')
    WHEN regexp_full_match(b, '\d{1,3}(,\d{3}){2,}') THEN replace(b, ',', '')
    WHEN regexp_full_match(b, '\d{1,3}\.\d{3}') THEN
        CASE WHEN comma_decimal THEN replace(b, '.', '') ELSE b END
    WHEN regexp_full_match(b, '\d{1,3},\d{3}') THEN
        CASE WHEN comma_decimal THEN replace(b, ',', '.') ELSE replace(b, ',', '') END
    WHEN regexp_full_match(b, '\d+\.\d+') THEN b
    WHEN regexp_full_match(b, '\d+,\d+') THEN replace(b, ',', '.')
END)::DOUBLE;

CREATE OR REPLACE MACRO bt_amount(v, comma_decimal) AS CASE
    WHEN regexp_full_match(v, '\(.+\)') THEN -bt_amount_abs(substr(v, 2, length(v) - 2), comma_decimal)
    WHEN starts_with(v, '-') THEN -bt_amount_abs(substr(v, 2), comma_decimal)
    ELSE bt_amount_abs(v, comma_decimal)
END;

-- A value that shows which separator its column uses for decimals.
CREATE OR REPLACE MACRO bt_amount_body(v) AS regexp_replace(v, '^[(-]|\)$', '', 'g');
CREATE OR REPLACE MACRO bt_shows_decimal_point(v) AS
    regexp_full_match(bt_amount_body(v), '\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,}')
    OR (regexp_full_match(bt_amount_body(v), '\d+\.\d+')
        AND NOT regexp_full_match(bt_amount_body(v), '\d{1,3}\.\d{3}'));
CREATE OR REPLACE MACRO bt_shows_decimal_comma(v) AS
    regexp_full_match(bt_amount_body(v), '\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,}')
    OR (regexp_full_match(bt_amount_body(v), '\d+,\d+')
        AND NOT regexp_full_match(bt_amount_body(v), '\d{1,3},\d{3}'));

-- CPR numbers: 10 digits, with or without '-' after the sixth.
CREATE OR REPLACE MACRO bt_cpr_norm(v) AS CASE
    WHEN regexp_full_match(v, '\d{6}-?\d{4}') THEN replace(v, '-', '')
END;

-- The century from the 7th digit: 0-3 -> 1900s; 4 and 9 -> 2000-2036 for year 00-36, else
-- 1900s; 5-8 -> 2000-2057 for year 00-57, else 1858-1899.
CREATE OR REPLACE MACRO bt_cpr_year(n) AS (CASE
    WHEN substr(n, 7, 1) IN ('0', '1', '2', '3') THEN 1900
    WHEN substr(n, 7, 1) IN ('4', '9') THEN
        CASE WHEN substr(n, 5, 2)::INTEGER <= 36 THEN 2000 ELSE 1900 END
    ELSE CASE WHEN substr(n, 5, 2)::INTEGER <= 57 THEN 2000 ELSE 1800 END
END) + substr(n, 5, 2)::INTEGER;

-- Birth date of a normalised CPR number; NULL when the date part is not a real date.
CREATE OR REPLACE MACRO bt_cpr_birth(n) AS
    try(make_date(bt_cpr_year(n), substr(n, 3, 2)::INTEGER, substr(n, 1, 2)::INTEGER));

-- The pseudonym of a normalised CPR number: HMAC-SHA256 (RFC 2104) with the workspace's key,
-- given as its inner and outer pads (key XOR 0x36…, key XOR 0x5c…; see contract.cpr.pads): 32 bytes.
CREATE OR REPLACE MACRO bt_pseudonym(n, inner_pad, outer_pad) AS
    unhex(sha256(outer_pad || unhex(sha256(inner_pad || encode(n)))));

-- 10th digit odd = boy, even = girl.
CREATE OR REPLACE MACRO bt_cpr_sex(n) AS
    CASE WHEN substr(n, 10, 1)::INTEGER % 2 = 1 THEN 'boy' ELSE 'girl' END;

-- What may be shown of a value from a CPR column: DDMMYY-xxxx, never the last four digits.
CREATE OR REPLACE MACRO bt_mask_cpr(v) AS CASE
    WHEN length(regexp_replace(v, '\D', '', 'g')) >= 6
        THEN left(regexp_replace(v, '\D', '', 'g'), 6) || '-xxxx'
    ELSE regexp_replace(v, '\d', 'x', 'g')
END;

-- Any text shown to a person: every run that could hold a CPR number is masked, the digits that
-- follow such a run included (a CPR number inside a longer digit run shows no digit of its end).
CREATE OR REPLACE MACRO bt_mask(v) AS regexp_replace(v, '(\d{6})-?\d{4}\d*', '\1-xxxx', 'g');

-- Text that carries a CPR number (dashed anywhere; undashed only where strict is true).
CREATE OR REPLACE MACRO bt_has_cpr(v, strict) AS
    regexp_matches(v, '(^|\D)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-\d{4}(\D|$)')
    OR (strict AND regexp_matches(v, '(^|\D)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{6}(\D|$)'));

-- Names of municipalities are matched case-insensitively, ignoring spaces and hyphens, with
-- aa = å, oe = ø, ae = æ, and a trailing 'Kommune' ignored.
CREATE OR REPLACE MACRO bt_name_key(v) AS regexp_replace(
    replace(replace(replace(lower(v), 'å', 'aa'), 'ø', 'oe'), 'æ', 'ae'),
    '[\s\-]|kommune$', '', 'g');

-- Age in whole years on a date; someone born 29 February has birthday on 1 March in other years
-- (so the difference of the dates written as YYYYMMDD numbers, in whole ten-thousands).
CREATE OR REPLACE MACRO bt_yyyymmdd(d) AS year(d) * 10000 + month(d) * 100 + day(d);
CREATE OR REPLACE MACRO bt_age(birth, on_date) AS
    floor((bt_yyyymmdd(on_date) - bt_yyyymmdd(birth)) / 10000)::INTEGER;
