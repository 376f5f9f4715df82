FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY orders ./orders
ENTRYPOINT python -m orders --port 8000
