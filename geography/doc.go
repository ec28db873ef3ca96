// Package geography is the geography scope of the enStratus / Dell Cloud Manager
// API: clouds, regions, data centers and subscriptions.
//
// Each resource has a model (re-exported from sdk/models, so scopes can
// reference each other) and a service; [New] returns all of them on one
// client:
//
//	c, err := dcm.New(cfg)
//	...
//	g := geography.New(c)
//
// Services read with Get, List (an iterator that follows pagination), All
// (one request per page) and Count (HEAD); list filters are typed structs
// whose required members are checked before any request
// (*sdk.MissingFilterError). Write methods are named after the API's verbs
// and take typed requests whose required fields are checked the same way
// (*sdk.MissingFieldError); asynchronous ones return the *dcm.Job to wait
// for with dcm.Wait or the service's Created. A Ref loads its resource
// lazily, once, and keeps the error of that load.
//
// The models and services are generated from the resource catalogue
// (go generate ./sdk/...); files named *_gen.go must not be edited.
package geography
