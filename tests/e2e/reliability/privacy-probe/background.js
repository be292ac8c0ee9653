// Empty: a background only so that the harness finds the extension running (Chromium waits for its worker).
