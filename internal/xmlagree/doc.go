// Package xmlagree holds only tests: a check that the three writers of the
// API's XML vocabulary — the SDK's models (sdk.MarshalXML), the CLI's -o xml
// (cli/output) and the emulator's answers — name the same elements and
// attributes for the same data, for every resource of the catalogue. It
// lives apart because it imports all three.
package xmlagree
