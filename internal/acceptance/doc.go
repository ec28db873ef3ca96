// Package acceptance holds end-to-end tests of the emulator as a network
// server, driven by a client written independently from the wire reference
// (no code shared with dcm/), and crash tests that kill the emulator process.
package acceptance
