// Package admin is the admin scope of the API.
package admin
