package fleet

import (
	"fmt"
	"io"
	"strings"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
	"github.com/webplatform/edgectl/jsonout"
)

// Command is the work of one fleet command that reads the definition
// (list, check, monit, userdata; and, through package cloud, plan, apply
// and refresh): its flags and where it reports. Each method loads the
// definition, does the command's one job and prints; a failure it has
// printed is diag.ErrReported, so that the command only exits 1.
type Command struct {
	// Root is the repository holding fleet/.
	Root string
	// Image is --image: "" for $EDGECTL_IMAGE, then the definition's.
	Image string
	// Levels is --level: the levels to act on (every level when empty).
	Levels []string
	// JSON is --output json: one JSON document on Out instead of text.
	JSON bool
	// Out is for people (or the JSON document); Err for problems.
	Out, Err io.Writer
	// Diags prints diagnostics in the command's format.
	Diags func(diag.List)
}

// Open loads the definition and the selected levels, printing problems;
// diag.ErrReported when they stop the command.
func (c *Command) Open() (*Fleet, []*Level, error) {
	image := c.Image
	if image == "" {
		image = ImageFromEnv()
	}
	f, diags := Load(c.Root, image)
	if len(diags) > 0 {
		c.Diags(diags)
	}
	if f == nil {
		return nil, nil, diag.ErrReported
	}
	sel, err := f.SelectLevels(c.Levels)
	if err != nil {
		fmt.Fprintf(c.Err, "edgectl: %v\n", err)
		return nil, nil, diag.ErrReported
	}
	return f, sel, nil
}

// List prints the VMs the definition gives the selected levels.
func (c *Command) List() error {
	f, sel, err := c.Open()
	if err != nil {
		return err
	}
	if c.JSON {
		return jsonout.Write(c.Out, f.List(sel))
	}
	return WriteList(c.Out, f.List(sel))
}

// Check checks the definition and that each selected level's inventory
// matches it: the report as JSON, or a summary when all is well.
func (c *Command) Check() error {
	f, sel, err := c.Open()
	if err != nil {
		return err
	}
	rep, diags := f.Check(c.Root, sel)
	c.Diags(diags)
	if c.JSON {
		if err := jsonout.Write(c.Out, rep); err != nil {
			return err
		}
	} else if rep.OK {
		rep.WriteText(c.Out)
	}
	if !rep.OK {
		return diag.ErrReported
	}
	return nil
}

// Monit prints the Monit control file of VM name of the (one) selected
// level.
func (c *Command) Monit(name string) error {
	f, sel, err := c.Open()
	if err != nil {
		return err
	}
	out, err := f.Monit(sel[0], name, MonitOptions{})
	return c.writeOrFail(out, nil, err)
}

// UserData prints the cloud-init user-data of VM name of the (one)
// selected level, with master as the salt master ("" for the inventory's).
func (c *Command) UserData(name, master string) error {
	f, sel, err := c.Open()
	if err != nil {
		return err
	}
	out, diags, err := f.UserDataOf(c.Root, sel[0], name, master)
	return c.writeOrFail(out, diags, err)
}

// writeOrFail writes a generated file to Out, or prints why there is
// none (diagnostics with errors, or err).
func (c *Command) writeOrFail(out []byte, diags diag.List, err error) error {
	switch {
	case diags.HasErrors():
		c.Diags(diags)
	case err != nil:
		fmt.Fprintf(c.Err, "edgectl: %v\n", err)
	default:
		_, err := c.Out.Write(out)
		return err
	}
	return diag.ErrReported
}

// WriteRoles prints the roles each VM name gives (one per line for one
// name, "name: roles" for several) and, on errOut, why a name is not a VM
// name; false when one was not.
func WriteRoles(out, errOut io.Writer, names []string) bool {
	ok := true
	for _, name := range names {
		if err := inventory.CheckName(name); err != nil {
			fmt.Fprintf(errOut, "edgectl: %v\n    hint: %s\n", err, inventory.NameHint)
			ok = false
		} else if roles := inventory.Roles(name); len(names) == 1 {
			fmt.Fprintln(out, strings.Join(roles, "\n"))
		} else {
			fmt.Fprintf(out, "%s: %s\n", name, strings.Join(roles, " "))
		}
	}
	return ok
}
