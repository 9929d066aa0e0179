const status = document.getElementById('status')
fetch('/health')
  .then((r) => r.json())
  .then((h) => {
    if (status) status.textContent = `Service ${h.status} on ${h.backend} PostGIS ${h.postgis ?? ''}`
  })
  .catch(() => {
    if (status) status.textContent = 'The service did not answer.'
  })
