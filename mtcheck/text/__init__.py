"""From a file to a document: reading inputs (UTF-8, BOM, newlines), the document model,
plain text and Markdown blocks, masking, sentence segmentation and words."""
