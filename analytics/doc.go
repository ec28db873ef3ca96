// Package analytics is the analytics scope of the API.
package analytics
