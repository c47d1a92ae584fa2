from django.core.files.uploadedfile import SimpleUploadedFile


def photo_upload(content: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")
