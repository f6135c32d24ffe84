// Command gendocs writes schema/docs_gen.go, the doc comments of the
// definition types; `go generate ./schema` runs it from the schema
// directory.
package main

import (
	"log"
	"os"

	"github.com/webplatform/edgectl/schema/internal/godoc"
)

func main() {
	docs, err := godoc.Extract(os.DirFS(".."), godoc.Packages)
	if err != nil {
		log.Fatal(err)
	}
	src, err := godoc.Render("schema", docs)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("docs_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
