// Command writeschemas writes the committed schemas, docs/schema/*.json,
// from the schema package; `go generate ./schema` runs it from the schema
// directory, after gendocs.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/webplatform/edgectl/schema"
)

func main() {
	dir := filepath.Join("..", schema.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, kind := range schema.Kinds {
		data, err := schema.Generate(kind)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, schema.FileName(kind)), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
