"""The Lua scripts that move a job through its life, each one atomic in Redis.

Every state change and every event write happens inside one script, so two processes
never see half a change:

- ``submit``: the per-client cap and ``--max-queue`` are checked, the job is queued
  and its first ``queued`` event written, or nothing happens at all;
- ``claim`` / ``reclaim``: a worker takes the jobs its inbox consumer was just
  delivered (sent with the blocking read, :mod:`autoui.broker.intake`), or jobs
  another worker stopped heart-beating; a job delivered more than ``max_deliveries`` times is
  dead-lettered instead, a reclaimed one gets ``attempt + 1`` and a ``restart`` event;
- ``emit``: a worker's events, **fenced**: written only while the job is still running
  under the worker's ``attempt``, so a worker that was paused and lost its job cannot
  write into the job's new run; a terminal event acknowledges the queue entry, drops
  the inputs, frees the client's slot and sets the TTL of everything the job left;
- ``cancel``: from any front-end; a queued job leaves the queue, a running one ends at
  once (its worker hears about it on the ``cancel`` channel);
- ``heartbeat``: a worker keeps its running jobs (``XCLAIM ... JUSTID`` resets the
  idle time without counting a delivery) and learns which it has lost;
- ``positions``: waiting jobs hear their new place in the queue;
- ``gather_end``: a worker done gathering a batch hands the turn to the next one, so
  jobs arriving together are gathered by one worker into one batch.

Each event gets the next integer of ``seq:<id>`` and is stored as stream entry
``<seq>-1``, so the SSE ``id:`` is the same integer on every front-end. The events one
script writes are also published, as one message, to every front-end watching the job
(``watch:<id>``; :func:`autoui.broker.relay.parse_message` reads it). Scripts receive the
key prefix as ``ARGV[1]`` and build the names of :mod:`autoui.broker.keys` from it (one
Redis primary: standalone, Sentinel or a managed single-shard Redis, not Cluster).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import redis.asyncio

__all__ = ["Scripts"]

_LIBRARY = r"""
local P = ARGV[1]
local TERMINAL = {complete = true, error = true, cancelled = true}
local function jk(id) return P .. 'job:' .. id end
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end

-- Store events (kind, body, kind, body, ...) of job ``id`` as the next entries of its
-- stream, then tell each front-end watching it in ONE message:
-- "<id> <first seq> <kind> <len> <body> <kind> <len> <body> ..." (bodies are
-- length-prefixed, so any bytes may follow). Returns the last number.
local function store(id, events, maxlen)
  local seq, stream = P .. 'seq:' .. id, P .. 'ev:' .. id
  if #events == 0 then return tonumber(redis.call('GET', seq) or '0') end
  local first = redis.call('INCRBY', seq, #events / 2) - #events / 2 + 1
  local parts = {id, first}
  for i = 1, #events, 2 do
    local kind, body = events[i], events[i + 1]
    redis.call('XADD', stream, 'MAXLEN', '~', maxlen, (first + (i - 1) / 2) .. '-1',
      'k', kind, 'd', body)
    parts[#parts + 1] = kind
    parts[#parts + 1] = #body
    parts[#parts + 1] = body
  end
  local fes = redis.call('SMEMBERS', P .. 'watch:' .. id)
  if #fes > 0 then
    local message = table.concat(parts, ' ')
    for i = 1, #fes do redis.call('PUBLISH', P .. 'fe:' .. fes[i], message) end
  end
  return first + #events / 2 - 1
end

local function append(id, kind, body, maxlen)
  return store(id, {kind, body}, maxlen)
end

local function leave_queue(fn)
  redis.call('DECR', P .. 'waiting')
  redis.call('DECR', P .. 'waiting:' .. fn)
end

local function eta_of(fn, position)
  local durs = redis.call('LRANGE', P .. 'dur:' .. fn, 0, -1)
  if #durs == 0 then return cjson.null end
  local sum = 0
  for i = 1, #durs do sum = sum + tonumber(durs[i]) end
  local cap = tonumber(redis.call('GET', P .. 'cap:' .. fn) or '1') or 1
  if cap < 1 then cap = 1 end
  local eta = sum / #durs * (math.floor(position / cap) + 1)
  return math.floor(eta * 1000 + 0.5) / 1000
end

local function finish(id, kind, ttl)
  local k = jk(id)
  local got = redis.call('HMGET', k, 'fn', 'entry', 'client', 'state')
  local fn, entry, client, state = got[1], got[2], got[3], got[4]
  if state == 'queued' then leave_queue(fn) end
  redis.call('HSET', k, 'state', kind, 'ended', tostring(now()))
  redis.call('HDEL', k, 'data')
  local q = P .. 'q:' .. fn
  redis.call('XACK', q, 'workers', entry)
  redis.call('XDEL', q, entry)
  if client and client ~= '' then
    local left = redis.call('DECR', P .. 'client:' .. client)
    if left <= 0 then redis.call('DEL', P .. 'client:' .. client) end
  end
  redis.call('EXPIRE', k, ttl)
  redis.call('EXPIRE', P .. 'seq:' .. id, ttl)
  redis.call('EXPIRE', P .. 'ev:' .. id, ttl)
  redis.call('EXPIRE', P .. 'watch:' .. id, ttl)
end

-- Take job ``id`` (queue entry ``entry``, delivered ``delivered`` times) for ``consumer``.
-- Returns {id, attempt, data, owner, base, entry} to run it, or nil to skip it.
local function claim_one(fn, consumer, entry, id, delivered, max_deliveries, maxlen, ttl)
  local k = jk(id)
  local got = redis.call('HMGET', k, 'state', 'attempt', 'data', 'owner', 'base')
  local state, attempt = got[1], tonumber(got[2] or '0')
  local q = P .. 'q:' .. fn
  if not state or TERMINAL[state] then
    redis.call('XACK', q, 'workers', entry)
    redis.call('XDEL', q, entry)
    return nil
  end
  if delivered > max_deliveries then
    redis.call('XADD', P .. 'dead:' .. fn, 'MAXLEN', '~', 1000, '*',
      'job', id, 'deliveries', delivered - 1)
    local message = 'this job was dead-lettered: it was started ' .. (delivered - 1) ..
      ' times and each time its worker stopped before it finished (crashed, killed or ' ..
      'out of memory); it is not retried (max_deliveries = ' .. max_deliveries .. ')'
    append(id, 'error', cjson.encode({message = message, type = 'DeadLettered'}), maxlen)
    finish(id, 'error', ttl)
    return nil
  end
  if state == 'queued' then
    leave_queue(fn)
    attempt = 1
  else
    attempt = attempt + 1
    append(id, 'restart', cjson.encode({attempt = attempt,
      reason = 'the worker running this job stopped; it starts again on another worker'}), maxlen)
  end
  redis.call('HSET', k, 'state', 'running', 'attempt', attempt, 'worker', consumer,
    'started', tostring(now()))
  return {id, attempt, got[3] or '', got[4] or '', got[5] or '', entry}
end
"""

# ARGV: P, id, fn, owner, client, data, base, max_queue, max_per_client, client_ttl, maxlen,
#       front-end (which follows the job from its first event), live ('' or the limits of
#       a live input whose chunks come over in:<id>, autoui.broker.inputs)
_SUBMIT = r"""
local id, fn, owner, client = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local max_queue, max_client = tonumber(ARGV[8]), tonumber(ARGV[9])
if client ~= '' and max_client >= 0 then
  local live = tonumber(redis.call('GET', P .. 'client:' .. client) or '0')
  if live >= max_client then return {'client', live} end
end
if max_queue >= 0 and tonumber(redis.call('GET', P .. 'waiting') or '0') >= max_queue then
  return {'full', max_queue}
end
local position = tonumber(redis.call('GET', P .. 'waiting:' .. fn) or '0')
if position < 0 then position = 0 end
redis.call('INCR', P .. 'waiting')
redis.call('INCR', P .. 'waiting:' .. fn)
if client ~= '' and max_client >= 0 then
  redis.call('INCR', P .. 'client:' .. client)
  redis.call('EXPIRE', P .. 'client:' .. client, ARGV[10])
else
  client = ''
end
local entry = redis.call('XADD', P .. 'q:' .. fn, '*', 'job', id)
redis.call('HSET', jk(id), 'fn', fn, 'owner', owner, 'client', client, 'data', ARGV[6],
  'base', ARGV[7], 'state', 'queued', 'attempt', 0, 'entry', entry,
  'created', tostring(now()), 'position', position)
if ARGV[13] and ARGV[13] ~= '' then redis.call('HSET', jk(id), 'live', ARGV[13]) end
local body = cjson.encode({position = position, eta = eta_of(fn, position)})
local n = append(id, 'queued', body, ARGV[11])  -- the reply carries it to the submitter,
redis.call('SADD', P .. 'watch:' .. id, ARGV[12])  -- which follows every later event
return {'ok', position, body, n}
"""

# ARGV: P, fn, inbox, worker, count, max_deliveries, maxlen, ttl. Takes the entries the
# inbox consumer was delivered (by the XREADGROUP sent just before, see intake.py) over
# to the worker and claims their jobs; returns the runs, then how many jobs of fn wait
_CLAIM = r"""
local fn, inbox, holder = ARGV[2], ARGV[3], ARGV[4]
local q = P .. 'q:' .. fn
local out = {}
for _, p in ipairs(redis.call('XPENDING', q, 'workers', '-', '+', ARGV[5], inbox)) do
  local entry = p[1]
  local found = redis.call('XRANGE', q, entry, entry)
  if #found == 0 then  -- deleted since: its job ended (cancelled) before it was read
    redis.call('XACK', q, 'workers', entry)
  else
    redis.call('XCLAIM', q, 'workers', holder, 0, entry, 'JUSTID')
    local run = claim_one(fn, holder, entry, found[1][2][2], tonumber(p[4]),
      tonumber(ARGV[6]), ARGV[7], ARGV[8])
    if run then out[#out + 1] = run end
  end
end
out[#out + 1] = tonumber(redis.call('GET', P .. 'waiting:' .. fn) or '0')
return out
"""

# ARGV: P, fn, consumer, idle_ms, count, max_deliveries, maxlen, ttl
_RECLAIM = r"""
local fn, consumer = ARGV[2], ARGV[3]
local q = P .. 'q:' .. fn
if redis.call('EXISTS', q) == 0 then return {} end
local reply = redis.call('XAUTOCLAIM', q, 'workers', consumer, ARGV[4], '0-0', 'COUNT', ARGV[5])
local out = {}
for _, e in ipairs(reply[2]) do
  local entry, fields = e[1], e[2]
  if fields and fields[2] then
    local pending = redis.call('XPENDING', q, 'workers', entry, entry, 1)
    local delivered = tonumber(pending[1][4])
    local run = claim_one(fn, consumer, entry, fields[2], delivered, tonumber(ARGV[6]),
      ARGV[7], ARGV[8])
    if run then out[#out + 1] = run end
  end
end
return out
"""

# ARGV: P, id, attempt, maxlen, ttl, then (kind, body)*
_EMIT = r"""
local id, attempt = ARGV[2], tonumber(ARGV[3])
local got = redis.call('HMGET', jk(id), 'state', 'attempt', 'fn')
if not got[1] or TERMINAL[got[1]] or tonumber(got[2]) ~= attempt then return 0 end
local events, last = {}, nil
for i = 6, #ARGV, 2 do
  events[#events + 1] = ARGV[i]
  events[#events + 1] = ARGV[i + 1]
  if TERMINAL[ARGV[i]] then last = i break end  -- nothing follows a terminal event
end
store(id, events, ARGV[4])
if last then
  local kind, body = ARGV[last], ARGV[last + 1]
  if kind == 'complete' then
    local duration = cjson.decode(body)['duration']
    if type(duration) == 'number' then
      redis.call('LPUSH', P .. 'dur:' .. got[3], duration)
      redis.call('LTRIM', P .. 'dur:' .. got[3], 0, 19)
    end
  end
  finish(id, kind, ARGV[5])
end
return 1
"""

# ARGV: P, id, maxlen, ttl
_CANCEL = r"""
local id = ARGV[2]
local state = redis.call('HGET', jk(id), 'state')
if not state or TERMINAL[state] then return 0 end
append(id, 'cancelled', '{}', ARGV[3])
finish(id, 'cancelled', ARGV[4])
redis.call('PUBLISH', P .. 'cancel', id)
return 1
"""

# ARGV: P, fn, consumer, then (id, entry, attempt)*; returns the ids this worker lost
_HEARTBEAT = r"""
local q = P .. 'q:' .. ARGV[2]
local lost = {}
for i = 4, #ARGV, 3 do
  local got = redis.call('HMGET', jk(ARGV[i]), 'state', 'attempt')
  if got[1] == 'running' and tonumber(got[2]) == tonumber(ARGV[i + 2]) then
    redis.call('XCLAIM', q, 'workers', ARGV[3], 0, ARGV[i + 1], 'JUSTID')
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost
"""

# ARGV: P, fn, maxlen, limit; returns how many jobs wait
_POSITIONS = r"""
local fn = ARGV[2]
local q = P .. 'q:' .. fn
if redis.call('EXISTS', q) == 0 then return 0 end
local last = '0-0'
for _, g in ipairs(redis.call('XINFO', 'GROUPS', q)) do
  local t = {}
  for i = 1, #g, 2 do t[g[i]] = g[i + 1] end
  if t['name'] == 'workers' then last = t['last-delivered-id'] end
end
local position = 0
for _, e in ipairs(redis.call('XRANGE', q, '(' .. last, '+', 'COUNT', ARGV[4])) do
  local id = e[2][2]
  local got = redis.call('HMGET', jk(id), 'state', 'position')
  if got[1] == 'queued' then
    if tonumber(got[2]) ~= position then
      redis.call('HSET', jk(id), 'position', position)
      append(id, 'queued', cjson.encode({position = position, eta = eta_of(fn, position)}),
        ARGV[3])
    end
    position = position + 1
  end
end
return position
"""

# ARGV: P, id, name, mime, size, owner, ttl, max_total, data ('' in a shared directory)
_PUT_FILE = r"""
local id, size, ttl = ARGV[2], tonumber(ARGV[5]), tonumber(ARGV[7])
local k = P .. 'file:' .. id
local created = now()
redis.call('HSET', k, 'name', ARGV[3], 'mime', ARGV[4], 'size', size, 'owner', ARGV[6],
  'created', tostring(created), 'data', ARGV[9])
redis.call('EXPIRE', k, math.ceil(ttl))
if ARGV[9] == '' then return 1 end
local index, total = P .. 'files', P .. 'filebytes'
for _, member in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', created - ttl)) do
  redis.call('ZREM', index, member)
  redis.call('DECRBY', total, tonumber(string.match(member, ' (%d+)$')))
end
redis.call('ZADD', index, created, id .. ' ' .. size)
local bytes = redis.call('INCRBY', total, size)
while bytes > tonumber(ARGV[8]) do
  local oldest = redis.call('ZPOPMIN', index)
  if #oldest == 0 then break end
  local old_id, old_size = string.match(oldest[1], '^(%S+) (%d+)$')
  redis.call('DEL', P .. 'file:' .. old_id)
  bytes = redis.call('DECRBY', total, tonumber(old_size))
end
return 1
"""


# ARGV: P, fn, worker; ends this worker's turn to gather a batch and wakes the next one
_GATHER_END = r"""
local lock = P .. 'gather:' .. ARGV[2]
if redis.call('GET', lock) == ARGV[3] then
  redis.call('DEL', lock)
  redis.call('LPUSH', P .. 'turn:' .. ARGV[2], 1)
  redis.call('LTRIM', P .. 'turn:' .. ARGV[2], 0, 0)
end
return 1
"""


class Scripts:
    """The scripts, registered on one client (EVALSHA, reloaded after a Redis restart)."""

    def __init__(self, client: redis.asyncio.Redis) -> None:
        def load(body: str) -> Any:
            return client.register_script(_LIBRARY + body)

        self.submit = load(_SUBMIT)
        self.claim = load(_CLAIM)
        self.reclaim = load(_RECLAIM)
        self.emit = load(_EMIT)
        self.cancel = load(_CANCEL)
        self.heartbeat = load(_HEARTBEAT)
        self.positions = load(_POSITIONS)
        self.put_file = load(_PUT_FILE)
        self.gather_end = load(_GATHER_END)
