# Placeholder for the private include. The real file is read at build time
# from outside the repository (--private-dir or EDGECTL_PRIVATE_DIR) and is
# never written to the build output. It must define these subroutines.
sub private_recv {
}

sub private_miss {
}

sub private_pass {
}
