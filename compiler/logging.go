package compiler

import (
	"fmt"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
)

// Fastly's values for what a definition's logging endpoints never set, so
// that an endpoint reads back from Fastly as edgectl wrote it. Syslog
// reference, https://www.fastly.com/documentation/reference/api/logging/syslog/:
// message_type classic (an RFC 3164 header before each line); format
// version 2. S3 reference,
// https://www.fastly.com/documentation/reference/api/logging/s3/:
// timestamp_format "%Y-%m-%dT%H:%M:%S.000". HTTPS reference,
// https://www.fastly.com/documentation/reference/api/logging/https/:
// json_format "0" (not JSON), method POST.
const (
	logFormatVersion   = 2
	syslogMessageType  = "classic"
	s3TimestampFormat  = "%Y-%m-%dT%H:%M:%S.000"
	httpsJSONFormat    = "0"
	httpsDefaultMethod = "POST"
)

// loggingObjects fills the logging endpoints of out from the definition's
// logging section (its level values applied by ForLevel), resolving role
// addresses against the inventory.
func (c *compilation) loggingObjects(out *desired.Service) {
	l := c.Service.Logging
	if l == nil {
		return
	}
	for _, e := range l.Syslog {
		address := c.logAddress(e)
		out.Syslogs = append(out.Syslogs, desired.Syslog{
			Logging:       logging(e.Name, e.Format, e.Placement),
			Address:       address,
			Port:          e.Port,
			UseTLS:        e.UseTLS,
			TLSHostname:   c.fqdn(e.TLSHostname),
			TLSCACert:     e.CACertPEM,
			MessageType:   syslogMessageType,
			Token:         e.Token.Desired(),
			TLSClientCert: e.ClientCertPEM,
			TLSClientKey:  e.TLSClientKey.Desired(),
		})
	}
	for _, e := range l.HTTPS {
		method := e.Method
		if method == "" {
			method = httpsDefaultMethod
		}
		out.HTTPS = append(out.HTTPS, desired.HTTPS{
			Logging:     logging(e.Name, e.Format, e.Placement),
			URL:         e.URL,
			Method:      method,
			ContentType: string(e.ContentType),
			JSONFormat:  httpsJSONFormat,
			HeaderName:  string(e.HeaderName),
			HeaderValue: e.HeaderValue.Desired(),
		})
	}
	for _, e := range l.S3 {
		period := e.Period
		if period == 0 {
			period = definition.DefaultS3Period
		}
		out.S3s = append(out.S3s, desired.S3{
			Logging:         logging(e.Name, e.Format, e.Placement),
			BucketName:      e.Bucket,
			Domain:          c.fqdn(e.Domain),
			Path:            string(e.Path),
			Period:          int(period.Std().Seconds()),
			TimestampFormat: s3TimestampFormat,
			AccessKey:       e.AccessKey.Desired(),
			SecretKey:       e.SecretKey.Desired(),
		})
	}
}

// logging is the part every endpoint kind shares, defaults filled in.
func logging(name definition.Ident, format, placement string) desired.Logging {
	if format == "" {
		format = definition.DefaultLogFormat
	}
	return desired.Logging{Name: string(name), Format: format, FormatVersion: logFormatVersion, Placement: placement}
}

// logAddress resolves a syslog endpoint's address: a fixed host as it is,
// a role to the public address of the level's one VM with that role
// (Fastly connects from the internet, as to a role backend).
func (c *compilation) logAddress(e definition.SyslogEndpoint) string {
	a := e.Address
	if a == nil {
		return ""
	}
	if a.Host != "" {
		return a.Host
	}
	vms := c.Inventory.WithRole(string(a.Role))
	switch {
	case len(vms) == 0:
		c.diags.Errorf(a.Meta.At("role"), roleHint(string(a.Role), c.Inventory), "no VM with role %q in the %s inventory for logging endpoint %q", a.Role, c.Level.Name, e.Name)
	case len(vms) > 1:
		c.diags.Errorf(a.Meta.At("role"), "a syslog endpoint has one address: use a role only one VM has (salt), or a host", "%d VMs have role %q in %s; logging endpoint %q needs one", len(vms), a.Role, c.Inventory.File, e.Name)
	case vms[0].PublicIP == "":
		c.diags.Errorf(a.Meta.At("role"), "give the VM a floating IP (public: true for its type in the fleet), or use a host", "VM %s (role %s) has no public_ip in %s: Fastly cannot send logs to it", vms[0].Name, a.Role, c.Inventory.File)
	default:
		return vms[0].PublicIP
	}
	return fmt.Sprintf("(role %s)", a.Role)
}
