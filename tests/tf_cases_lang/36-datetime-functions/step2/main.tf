# Date and time functions on fixed timestamps (never timestamp()):
# formatdate with its format letters, literal text in quotes and time zone
# offsets, timeadd with positive, negative and compound durations across a
# leap day, and timecmp. Step 2 gives formatdate an invalid timestamp,
# "Invalid function argument".
locals {
  t = "2024-02-28T23:30:05Z"
}

resource "terraform_data" "window" {
  input = {
    start = local.t
    end   = timeadd(local.t, "26h")
  }
}

output "formats" {
  value = [
    formatdate("YYYY-MM-DD hh:mm:ss ZZZ", local.t),
    formatdate("EEEE, DD-MMM-YY h:m aa", local.t),
    formatdate("EEE MMMM D 'at' HH:mm Z", local.t),
    formatdate("YY/M/D H.mm.ss ZZZZ ZZZZZ", "2024-03-10T08:05:00+05:30"),
    formatdate("'It''s' h AA", "2024-01-01T00:00:00-08:00"),
  ]
}

output "added" {
  value = [
    timeadd(local.t, "1h30m"),
    timeadd(local.t, "-24h"),
    timeadd(local.t, "25h29m55s"),
    timeadd("2024-03-10T08:05:00+05:30", "10m"),
    timeadd(local.t, "1.5h"),
  ]
}

output "compared" {
  value = [
    timecmp("2024-01-01T00:00:00Z", "2023-12-31T23:00:00-02:00"),
    timecmp(local.t, local.t),
    timecmp("2024-03-01T00:00:00Z", local.t),
  ]
}

output "window_end" {
  value = terraform_data.window.output.end
}

output "bad" {
  value = formatdate("YYYY", "2024-02-30")
}
