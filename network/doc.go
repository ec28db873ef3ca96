// Package network is the network scope of the API.
package network
