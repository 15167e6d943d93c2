"""Official documents (Decree 30/2020/NĐ-CP layout): a small document model, a DOCX renderer and PDF conversion."""
