// Package output prints API results for the mixcoatl CLI in the format of
// -o: table (default), wide, json, yaml, csv, tsv, xml or jsonl, shaped by
// --columns, --no-headers and --query. Commands hand it wire JSON and never
// format results themselves.
//
// # Lists stream
//
// A list is Begin, Item… and End (or Items over an iterator). Items are the
// wire JSON objects, bytes as the server sent them. json, jsonl, csv, tsv,
// yaml and xml write each item as it arrives and keep nothing, so listing
// 100,000 servers uses the same memory as listing ten. table and wide hold
// the list, as cells of the chosen columns only, until End, because column
// widths depend on every row; so does --query (below).
//
// # Formats
//
//   - json: a list is a JSON array of the items (not the wire envelope
//     {"servers":[…]}: `mixcoatl get` prints that), indented by two spaces,
//     keys in the server's order; a single object prints as itself.
//   - jsonl: one compact JSON value per line.
//   - yaml: a list is a block sequence of the items, a single object a
//     mapping; keys in the server's order, numbers as sent.
//   - xml: the collection element holding one element per item
//     (<servers><server serverId="1">…</server></servers>), ids of items and
//     references as attributes (<region regionId="19344"/>), array entries
//     named as the SDK and the emulator name them (wire.ItemElement), no
//     XML declaration.
//   - csv: RFC 4180 quoting (encoding/csv), LF line ends, a header row of
//     the column paths ("serverId", "region.regionId").
//   - tsv: tab-separated, header row of the column paths. A field cannot
//     hold a tab or a newline, so backslash, tab, newline and carriage
//     return are written as \\, \t, \n and \r; nothing else is escaped.
//   - table: aligned columns, headers in upper-case words ("SERVER ID",
//     "REGION.REGION ID"), control characters escaped (safetext), and on a
//     terminal (Options.Terminal) cells longer than 40 characters cut with
//     "…"; piped, nothing is cut. An empty list prints nothing on stdout
//     and "No servers found." on Options.Notes (stderr).
//   - wide: table with the wide columns and nothing cut.
//
// A single object (One) prints as a detail view in table and wide: one
// "key: value" line per member (wire names, values aligned, nested
// objects indented, nulls and secrets left out). With --columns, and in
// csv and tsv, it prints like a one-item list (header and one row), so
// scripts see the same columns either way.
//
// # For humans
//
// Table, wide and detail output are for people, so: references print as
// the names of what they point to when Options.RefNames knows them (one
// call per referenced resource, never per row; csv and tsv keep ids);
// states (status, …State) are coloured with Options.Color; and server
// text is escaped (internal/safetext): no escape sequence, carriage
// return, line break or bidi override reaches the terminal. csv and tsv
// are escaped the same way when Options.Terminal says they go to a
// terminal; to a file or a pipe they, like json, yaml, xml and jsonl,
// keep the exact bytes. Options.LeadColumns ("profile" across several
// profiles) come first in every tabular format.
//
// # Columns
//
// Tabular formats show, in order: --columns; else the resource's catalogue
// columns (catalog.Resource.Columns for table, WideColumns for wide, csv
// and tsv); else, for raw documents, the scalar top-level fields of the
// first item (at most 8 in table). Cells: a reference prints its id
// (region → 19344), an array of references or scalars joins them with ";",
// money prints "USD 0.12", other objects and arrays compact JSON, null an
// empty cell, timestamps as given. A path through an array (firewalls.
// firewallId) gathers the values of every element. Secret fields
// (wire.IsSecret) are never chosen by default; json, yaml and xml print
// items as the server sent them.
//
// # Query
//
// --query is a jq expression (gojq) run once on the whole document: on the
// array of the items for a list, so a jq user writes `.[] | …` or `map(…)`,
// on the object for One. Lists are buffered under --query. Results print
// in the chosen format: one result prints as itself (an array as a list);
// several results, or none, are gathered into a list, as with jq --slurp,
// so -o json output is always one JSON document. Objects that all carry the
// resource's primary key print with the resource's columns (or, when the
// query cut them down, as map({serverId, name}) does, with their own
// members in the catalogue's field order); other objects
// with columns from their own members (--columns are then free paths,
// checked against nothing); scalars print one per line in table, wide, csv
// and tsv, strings without quotes, like jq -r. gojq decodes objects into
// maps, so objects built by a query have their keys sorted. $ENV and env
// are empty.
//
//	mixcoatl server list --query '.[] | select(.status == "RUNNING")'
//	mixcoatl server list --query 'map(.name)' -o json    # ["web-01", …]
//	mixcoatl server list --query 'length'                # 42
//	mixcoatl server list --query '.[] | {id: .serverId, ip: .publicIpAddress}' -o csv
//	mixcoatl server get 331810 --query '.firewalls[].firewallId'
//
// # Errors
//
// WriteError prints errors on stderr as {"error":{…}} under json, jsonl
// and yaml, with the HTTP status, message and request id of API errors, and
// as "mixcoatl: <message>" otherwise, escaped. A --query that fails on the
// data is a *QueryError.
package output
