-- loyalty.session_duration: median session length in hours (duration column read as seconds, else end - start).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: sessions(ts, session_duration, started_at, ended_at)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include sessions_
SELECT median(s / 3600.0)::DOUBLE AS value, avg(s / 3600.0)::DOUBLE AS mean
FROM (SELECT coalesce(session_duration, epoch(ended_at) - epoch(started_at)) AS s
      FROM sessions_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
WHERE s >= 0;
