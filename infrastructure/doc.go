// Package infrastructure is the infrastructure scope of the API.
package infrastructure
