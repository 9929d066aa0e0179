const statusEl = document.getElementById('status')
fetch('/health')
  .then((r) => r.json())
  .then((h) => {
    if (statusEl) statusEl.textContent = `Service ${h.status} on ${h.backend} PostGIS ${h.postgis ?? ''}`
  })
  .catch(() => {
    if (statusEl) statusEl.textContent = 'The service did not answer.'
  })
