package localserve

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"sync"
	"time"
)

// Config is what Start serves.
type Config struct {
	// Listen and TLSListen are the plain and TLS addresses ("" for none).
	Listen, TLSListen string
	Handler           http.Handler
	// Names are certificate names beyond localhost, 127.0.0.1 and ::1
	// (the service's domains, for curl --resolve).
	Names []string
}

// Servers are the listeners Start opened.
type Servers struct {
	// Plain and TLS are the addresses listened on (nil when not asked).
	Plain, TLS net.Addr
	servers    []*http.Server
	errs       chan error
	closed     chan struct{}
	closeOnce  sync.Once
}

// Start listens on the addresses of cfg, TLS with a self-signed
// certificate made now and kept in memory only, and serves until Shutdown.
func Start(cfg Config) (*Servers, error) {
	s := &Servers{errs: make(chan error, 2), closed: make(chan struct{})}
	if cfg.Listen != "" {
		ln, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("--listen %s: %w", cfg.Listen, err)
		}
		s.Plain = ln.Addr()
		s.serve(ln, cfg.Handler)
	}
	if cfg.TLSListen != "" {
		cert, err := SelfSigned(cfg.Names)
		if err != nil {
			s.Shutdown(context.Background())
			return nil, err
		}
		ln, err := net.Listen("tcp", cfg.TLSListen)
		if err != nil {
			s.Shutdown(context.Background())
			return nil, fmt.Errorf("--tls-listen %s: %w", cfg.TLSListen, err)
		}
		s.TLS = ln.Addr()
		s.serve(tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), cfg.Handler)
	}
	return s, nil
}

func (s *Servers) serve(ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, srv)
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.errs <- err
		}
	}()
}

// Wait serves until ctx is done (then shuts down), a listener fails, or
// Shutdown is called.
func (s *Servers) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return s.Shutdown(context.Background())
	case <-s.closed:
		return nil
	case err := <-s.errs:
		_ = s.Shutdown(context.Background())
		return err
	}
}

// Shutdown stops the servers, letting requests in flight finish for up
// to five seconds.
func (s *Servers) Shutdown(ctx context.Context) error {
	defer s.closeOnce.Do(func() { close(s.closed) })
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range s.servers {
		errs = append(errs, srv.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// SelfSigned makes a certificate for localhost, 127.0.0.1, ::1 and names,
// valid for a week, with a new P-256 key that never leaves memory.
func SelfSigned(names []string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("cannot make a key for the TLS listener: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("cannot make a certificate serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "edgectl serve"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     append([]string{"localhost"}, names...),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("cannot make the self-signed certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
