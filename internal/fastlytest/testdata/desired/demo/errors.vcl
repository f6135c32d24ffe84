sub edgectl_page_error {
  synthetic {"<!DOCTYPE html><title>Error</title>"};
}
