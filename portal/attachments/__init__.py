"""Files attached to records (issue 22, requirement 4): capability evidence, direct
observations and service users' feedback sheets. The apps owning those records
register them (`registry.attachable`) and call the services with their own
permission checks and child-name guard; this app checks the file, keeps it in the
private storage and serves it to those who may see the record."""
