FROM python:3.12-alpine
COPY . /srv
CMD ["python", "/srv/main.py"]
