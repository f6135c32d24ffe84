module edgectl.invalid/fastlyenv

go 1.25
