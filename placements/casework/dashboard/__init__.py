"""What casework adds to the dashboards, one module per part of the work."""
