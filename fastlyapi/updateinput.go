package fastlyapi

import (
	"fmt"
	"reflect"

	"github.com/webplatform/edgectl/fastlyplan"
)

// updateInput fills update, a pointer to a go-fastly Update…Input, from
// create, the same kind's Create…Input: go-fastly gives the two inputs of a
// kind the same attributes under the same names, apart from Name (a pointer
// in create; in update the key, set by the caller, beside NewName), so one
// list of fields per kind serves both writes. A field of create that update
// lacks, or holds with another type, is an error: a go-fastly upgrade that
// parts the two is caught, not dropped.
func updateInput(update, create any) error {
	dst, src := reflect.ValueOf(update).Elem(), reflect.ValueOf(create).Elem()
	for i := 0; i < src.NumField(); i++ {
		f := src.Type().Field(i)
		if f.Name == "Name" {
			continue
		}
		d := dst.FieldByName(f.Name)
		if !d.IsValid() || d.Type() != f.Type {
			return fmt.Errorf("%s has no field %s of type %s like %s", dst.Type(), f.Name, f.Type, src.Type())
		}
		d.Set(src.Field(i))
	}
	return nil
}

// createOrUpdate sends in with create for a Create operation, and otherwise
// the same fields as up (whose Name the caller sets) with update.
func createOrUpdate[C, U, R, S any](action fastlyplan.Action, in *C, up *U, create func(*C) (R, error), update func(*U) (S, error)) error {
	if action == fastlyplan.Create {
		_, err := create(in)
		return err
	}
	if err := updateInput(up, in); err != nil {
		return err
	}
	_, err := update(up)
	return err
}
