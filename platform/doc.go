// Package platform is the platform scope of the API.
package platform
