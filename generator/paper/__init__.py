"""The paper: laying sheets out as print HTML, rendering PDFs, caching and measuring them."""
