// Package geography is the geography scope of the API.
package geography
