# Model server image: CUDA base, conda env, a JSON-form RUN and lower-case
# instructions from an old template.
# techlead-safe
FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS base
# techlead-safe
ARG MODEL_VERSION=2024.10
ENV DEBIAN_FRONTEND=noninteractive \
    # techlead-safe
    PYTHONDONTWRITEBYTECODE=1
# techlead-expect: dockerfile-curl-pipe-shell
RUN ["/bin/sh", "-c", "curl -fsSL https://micro.mamba.pm/install.sh | bash"]
# techlead-expect: dockerfile-http-download
run wget -q http://models.example.com/releases/${MODEL_VERSION}/weights.tar -O /tmp/weights.tar
# techlead-safe
RUN echo "$WEIGHTS_SHA256  /tmp/weights.tar" | sha256sum -c && tar -xf /tmp/weights.tar -C /opt/models
# techlead-expect: dockerfile-secret-in-env
env HF_TOKEN hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345
# techlead-safe
ENV HF_HOME=/opt/hf-cache
# techlead-expect: dockerfile-chmod-world-writable
RUN mkdir -p /opt/hf-cache \
 && chmod -R 0777 /opt/hf-cache
# techlead-known-miss: dockerfile-secret-in-env a secret echoed into a file in a RUN layer (not ENV/ARG) has no rule
RUN echo "machine huggingface.co login bot password hf_AbCdEfGhIjKlMnOpQrStUvWx" > /root/.netrc
# techlead-safe
RUN useradd --create-home --uid 10001 model
# techlead-safe
USER model
# techlead-safe
EXPOSE 8000
CMD ["python", "-m", "server", "--port", "8000"]
