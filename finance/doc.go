// Package finance is the finance scope of the API.
package finance
