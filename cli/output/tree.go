package output

import "github.com/mixcoatl/mixcoatl/internal/jsontree"

// value is a decoded JSON item (jsontree.Value): member order and number
// text as in the document, which the table, detail, XML and YAML views keep.
type value = jsontree.Value

const (
	kindNull   = jsontree.Null
	kindBool   = jsontree.Bool
	kindNumber = jsontree.Number
	kindString = jsontree.String
	kindObject = jsontree.Object
	kindArray  = jsontree.Array
)
