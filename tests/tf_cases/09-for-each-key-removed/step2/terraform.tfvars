buckets = {
  logs    = "60d"
  images  = "90d"
  backups = "365d"
}
