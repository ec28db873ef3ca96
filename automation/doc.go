// Package automation is the automation scope of the API.
package automation
